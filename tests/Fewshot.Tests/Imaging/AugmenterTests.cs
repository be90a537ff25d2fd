using Fewshot.Imaging;
using static Fewshot.Tests.Imaging.TestImages;

namespace Fewshot.Tests.Imaging;

public class AugmenterTests
{
    static readonly RgbImage Source = Textured(60, 40);

    [Fact]
    public void Same_seed_gives_the_same_view()
    {
        var first = Augmenter.RandomView(Source, 32, ResizeMethod.Crop, AugmentOptions.Default, 42);
        var second = Augmenter.RandomView(Source, 32, ResizeMethod.Crop, AugmentOptions.Default, 42);

        Assert.Equal(first.Pixels, second.Pixels);
    }

    [Fact]
    public void Different_seeds_give_different_views()
    {
        var views = Enumerable.Range(0, 8)
            .Select(seed => Convert.ToHexString(Augmenter.RandomView(Source, 32, ResizeMethod.Crop, AugmentOptions.Default, (ulong)seed).Pixels))
            .Distinct()
            .Count();

        Assert.Equal(8, views);
    }

    [Theory]
    [InlineData(ResizeMethod.Crop)]
    [InlineData(ResizeMethod.Squish)]
    [InlineData(ResizeMethod.Pad)]
    public void Without_augmentation_the_view_is_the_plain_resize(ResizeMethod method)
    {
        var plain = ImageResizer.Resize(Source, 32, method);
        // Magnitudes set but probabilities zero: nothing may happen.
        var never = AugmentOptions.Default with { Flip = false, AffineProbability = 0, LightingProbability = 0 };

        for (ulong seed = 0; seed < 5; seed++)
        {
            Assert.True(MeanAbsoluteDifference(plain, Augmenter.RandomView(Source, 32, method, AugmentOptions.None, seed)) < 0.5);
            Assert.True(MeanAbsoluteDifference(plain, Augmenter.RandomView(Source, 32, method, never, seed)) < 0.5);
        }
    }

    [Fact]
    public void Flip_mirrors_about_half_the_time()
    {
        var plain = ImageResizer.Resize(Source, 32, ResizeMethod.Crop);
        var mirrored = Mirror(plain);
        var flipOnly = AugmentOptions.None with { Flip = true };

        var flips = 0;
        for (ulong seed = 0; seed < 40; seed++)
        {
            var view = Augmenter.RandomView(Source, 32, ResizeMethod.Crop, flipOnly, seed);
            var isPlain = MeanAbsoluteDifference(plain, view) < 0.5;
            var isMirrored = MeanAbsoluteDifference(mirrored, view) < 0.5;
            Assert.True(isPlain ^ isMirrored, $"seed {seed} gave neither the plain nor the mirrored view");
            if (isMirrored) flips++;
        }
        Assert.InRange(flips, 10, 30);
    }

    [Fact]
    public void Rotation_and_warp_pad_by_reflection_not_black()
    {
        var red = Make(50, 50, (_, _) => (255, 0, 0));
        var strong = new AugmentOptions(Flip: false, MaxRotate: 45, MaxZoom: 1, MaxLighting: 0, MaxWarp: 0.4f, AffineProbability: 1);

        for (ulong seed = 0; seed < 5; seed++)
        {
            var view = Augmenter.RandomView(red, 32, ResizeMethod.Crop, strong, seed);
            for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++)
                AssertColor((255, 0, 0), view, x, y, tolerance: 2);
        }
    }

    [Fact]
    public void Rotation_changes_geometry()
    {
        var rotateOnly = AugmentOptions.None with { MaxRotate = 30, AffineProbability = 1 };
        var plain = ImageResizer.Resize(Source, 32, ResizeMethod.Crop);

        var rotated = Augmenter.RandomView(Source, 32, ResizeMethod.Crop, rotateOnly, 3);

        Assert.True(MeanAbsoluteDifference(plain, rotated) > 3);
    }

    [Fact]
    public void Lighting_changes_values_but_not_geometry()
    {
        var grey = Make(40, 40, (_, _) => (100, 100, 100));
        var lightingOnly = AugmentOptions.None with { MaxLighting = 0.5f, LightingProbability = 1 };

        var values = new HashSet<byte>();
        for (ulong seed = 0; seed < 10; seed++)
        {
            var view = Augmenter.RandomView(grey, 16, ResizeMethod.Crop, lightingOnly, seed);
            Assert.All(view.Pixels, value => Assert.Equal(view.Pixels[0], value));
            values.Add(view.Pixels[0]);
        }
        Assert.True(values.Count > 5, $"lighting produced only {values.Count} distinct levels");
    }

    [Fact]
    public void Parallel_calls_match_serial_calls()
    {
        var serial = Enumerable.Range(0, 16)
            .Select(i => Augmenter.RandomView(Source, 32, ResizeMethod.Squish, AugmentOptions.Default, SeedMixer.Mix(1, 0, i)).Pixels)
            .ToArray();
        var parallel = new byte[16][];

        Parallel.For(0, 16, i =>
            parallel[i] = Augmenter.RandomView(Source, 32, ResizeMethod.Squish, AugmentOptions.Default, SeedMixer.Mix(1, 0, i)).Pixels);

        for (var i = 0; i < 16; i++) Assert.Equal(serial[i], parallel[i]);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            Augmenter.RandomView(Source, 32, ResizeMethod.Crop, AugmentOptions.Default with { MaxZoom = 0.5f }, 1));
        Assert.Throws<ArgumentException>(() =>
            Augmenter.RandomView(Source, 32, ResizeMethod.Crop, AugmentOptions.Default with { MaxLighting = 1 }, 1));
    }

    [Fact]
    public void Seed_mixer_separates_epochs_and_items()
    {
        var seeds = new HashSet<ulong>();
        for (var epoch = 0; epoch < 10; epoch++)
        for (var item = 0; item < 100; item++)
            seeds.Add(SeedMixer.Mix(7, epoch, item));

        Assert.Equal(1000, seeds.Count);
        Assert.Equal(SeedMixer.Mix(7, 3, 4), SeedMixer.Mix(7, 3, 4));
        Assert.NotEqual(SeedMixer.Mix(7, 3, 4), SeedMixer.Mix(7, 4, 3));
        Assert.NotEqual(SeedMixer.Mix(7, 3, 4), SeedMixer.Mix(8, 3, 4));
    }

    static RgbImage Mirror(RgbImage image) =>
        Make(image.Width, image.Height, (x, y) => image.At(image.Width - 1 - x, y));
}
