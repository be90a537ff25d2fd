using Fewshot.Imaging;
using static Fewshot.Tests.Imaging.TestImages;

namespace Fewshot.Tests.Imaging;

public class ImageResizerTests
{
    static readonly (byte, byte, byte) Red = (255, 0, 0), Green = (0, 255, 0), Blue = (0, 0, 255), Black = (0, 0, 0);

    /// <summary>40×20: red left quarter, green middle half, blue right quarter.</summary>
    static readonly RgbImage Stripes = Make(40, 20, (x, _) => x < 10 ? Red : x < 30 ? Green : Blue);

    [Fact]
    public void Crop_keeps_the_centre_square()
    {
        var resized = ImageResizer.Resize(Stripes, 10, ResizeMethod.Crop);

        Assert.Equal((10, 10), (resized.Width, resized.Height));
        for (var y = 0; y < 10; y++)
        for (var x = 0; x < 10; x++)
            AssertColor(Green, resized, x, y, tolerance: 12);
    }

    [Fact]
    public void Squish_keeps_everything_stretched()
    {
        var resized = ImageResizer.Resize(Stripes, 20, ResizeMethod.Squish);

        Assert.Equal((20, 20), (resized.Width, resized.Height));
        AssertColor(Red, resized, 1, 0, tolerance: 12);
        AssertColor(Red, resized, 3, 19, tolerance: 12);
        AssertColor(Green, resized, 10, 10, tolerance: 12);
        AssertColor(Blue, resized, 18, 10, tolerance: 12);
    }

    [Fact]
    public void Pad_fits_the_image_between_black_bars()
    {
        var resized = ImageResizer.Resize(Stripes, 20, ResizeMethod.Pad);

        // 40×20 fits as 20×10, rows 5..14; rows 0..4 and 15..19 are black.
        for (var x = 0; x < 20; x++)
        {
            AssertColor(Black, resized, x, 0);
            AssertColor(Black, resized, x, 3);
            AssertColor(Black, resized, x, 16);
            AssertColor(Black, resized, x, 19);
        }
        AssertColor(Red, resized, 1, 10, tolerance: 12);
        AssertColor(Green, resized, 10, 6, tolerance: 12);
        AssertColor(Blue, resized, 18, 13, tolerance: 12);
    }

    [Theory]
    [InlineData(ResizeMethod.Crop)]
    [InlineData(ResizeMethod.Squish)]
    [InlineData(ResizeMethod.Pad)]
    public void Same_size_square_is_copied_unchanged(ResizeMethod method)
    {
        var source = Textured(24, 24);

        Assert.Equal(source.Pixels, ImageResizer.Resize(source, 24, method).Pixels);
    }

    [Fact]
    public void Large_downscale_is_smooth_not_aliased()
    {
        // One-pixel black/white checkerboard: a good shrink gives mid-grey, point sampling would give black or white.
        var checkerboard = Make(640, 480, (x, y) => (x + y) % 2 == 0 ? ((byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0));

        var resized = ImageResizer.Resize(checkerboard, 64, ResizeMethod.Crop);

        for (var y = 4; y < 60; y += 7)
        for (var x = 4; x < 60; x += 7)
            AssertColor((128, 128, 128), resized, x, y, tolerance: 30);
    }
}
