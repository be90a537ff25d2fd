using Fewshot.Imaging;
using Fewshot.Tests.Support;
using SkiaSharp;
using static Fewshot.Tests.Imaging.TestImages;

namespace Fewshot.Tests.Imaging;

public class ImageLoaderScalingTests
{
    [Fact]
    public void Big_jpeg_is_decoded_at_reduced_scale_for_min_side()
    {
        var jpeg = GradientJpeg(2400, 1600);
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg));

        var decodeSize = ImageDecoder.DecodeSize(codec, 224);
        var image = ImageLoader.Load(jpeg, "big.jpg", minSide: 224);

        // 1/8 would give a 200-pixel short side; 2/8 is the smallest that reaches 224.
        Assert.Equal(new SKSizeI(600, 400), decodeSize);
        Assert.Equal((336, 224), (image.Width, image.Height));
    }

    [Fact]
    public void Reduced_load_keeps_the_picture()
    {
        var jpeg = GradientJpeg(1200, 900);

        var full = ImageLoader.Load(jpeg, "big.jpg");
        var small = ImageLoader.Load(jpeg, "big.jpg", minSide: 150);

        Assert.Equal((200, 150), (small.Width, small.Height));
        // Red runs left→right and green top→bottom in the source; the shrunk image keeps both ramps.
        Assert.InRange(small.At(195, 75).R - small.At(5, 75).R, 230, 255);
        Assert.InRange(small.At(100, 145).G - small.At(100, 5).G, 230, 255);
    }

    [Fact]
    public void With_the_reduced_scale_slack_a_decode_just_above_min_side_is_kept_rather_than_shrunk_a_few_percent()
    {
        // 7/8 would give a 263-pixel short side, so the codec decodes all 300 rows: within 8/7 of 280.
        var jpeg = GradientJpeg(400, 300);

        var kept = ImageLoader.Load(jpeg, "near.jpg", minSide: 280, minSideSlack: ImageLoader.ReducedScaleSlack);
        var exact = ImageLoader.Load(jpeg, "near.jpg", minSide: 280);

        Assert.Equal((400, 300), (kept.Width, kept.Height));
        Assert.Equal((373, 280), (exact.Width, exact.Height));
    }

    [Fact]
    public void With_the_reduced_scale_slack_a_decode_further_above_min_side_is_still_shrunk_to_it()
    {
        // 1/8 would give a 200-pixel short side; 2/8 gives 400, more than 8/7 of 280.
        var image = ImageLoader.Load(GradientJpeg(2400, 1600), "big.jpg", minSide: 280, minSideSlack: ImageLoader.ReducedScaleSlack);

        Assert.Equal((420, 280), (image.Width, image.Height));
    }

    [Fact]
    public void Small_images_are_never_upscaled()
    {
        var image = ImageLoader.Load(Fixture("halves64.jpg"), minSide: 224);

        Assert.Equal((64, 48), (image.Width, image.Height));
    }

    [Fact]
    public void Exif_rotation_is_applied_after_reduced_decode()
    {
        var image = ImageLoader.Load(Fixture("exif_orientation6.jpg"), minSide: 10);

        Assert.Equal((10, 20), (image.Width, image.Height));
        AssertColor((0, 0, 255), image, 5, 16, tolerance: 20);
    }

    [Fact]
    public void Real_photos_load_at_min_side_with_the_same_colours()
    {
        var folder = SharedData.Dataset("bears");
        foreach (var path in Directory.EnumerateFiles(Path.Combine(folder, "train", "grizzly")).Order().Take(4))
        {
            var full = ImageLoader.Load(path);
            var small = ImageLoader.Load(path, minSide: 224);

            Assert.Equal(Math.Min(224, Math.Min(full.Width, full.Height)), Math.Min(small.Width, small.Height));
            Assert.Equal(full.Width > full.Height, small.Width > small.Height);
            for (var channel = 0; channel < 3; channel++)
                Assert.InRange(Mean(small, channel) - Mean(full, channel), -3, 3);
        }
    }

    [Fact]
    public void Every_real_ant_photo_loads_including_a_gif_and_odd_extensions()
    {
        var folder = Path.Combine(SharedData.Dataset("hymenoptera"), "train", "ants");
        var files = Directory.GetFiles(folder);

        foreach (var path in files)
        {
            var image = ImageLoader.Load(path, minSide: 160);
            Assert.InRange(Math.Min(image.Width, image.Height), 1, 160);
        }
        Assert.True(files.Length > 100);
    }

    static double Mean(RgbImage image, int channel)
    {
        double sum = 0;
        for (var i = channel; i < image.Pixels.Length; i += 3) sum += image.Pixels[i];
        return sum / (image.Width * image.Height);
    }
}
