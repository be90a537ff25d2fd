using Fewshot.Imaging;
using static Fewshot.Tests.Imaging.TestImages;

namespace Fewshot.Tests.Imaging;

public class ImageLoaderFormatTests
{
    static readonly (byte, byte, byte) Red = (255, 0, 0), Green = (0, 255, 0), Blue = (0, 0, 255);

    [Theory]
    [InlineData("halves.png")]
    [InlineData("halves.bmp")]
    [InlineData("halves.webp")]
    public void Lossless_formats_decode_exact_colours(string file)
    {
        var image = ImageLoader.Load(Fixture(file));

        Assert.Equal((16, 8), (image.Width, image.Height));
        AssertColor(Red, image, 0, 0);
        AssertColor(Red, image, 7, 7);
        AssertColor(Blue, image, 8, 0);
        AssertColor(Blue, image, 15, 7);
    }

    [Fact]
    public void Jpeg_decodes_close_to_its_colours()
    {
        var image = ImageLoader.Load(Fixture("halves64.jpg"));

        Assert.Equal((64, 48), (image.Width, image.Height));
        AssertColor(Red, image, 10, 20, tolerance: 8);
        AssertColor(Blue, image, 50, 20, tolerance: 8);
    }

    [Fact]
    public void Exif_orientation_6_is_turned_upright()
    {
        // Stored 40×20 with red top-left, green bottom-left, blue right half; upright it is 20×40 with
        // green top-left, red top-right and blue bottom half (see make_fixtures.py).
        var image = ImageLoader.Load(Fixture("exif_orientation6.jpg"));

        Assert.Equal((20, 40), (image.Width, image.Height));
        AssertColor(Green, image, 4, 8, tolerance: 12);
        AssertColor(Red, image, 15, 8, tolerance: 12);
        AssertColor(Blue, image, 10, 30, tolerance: 12);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void Every_exif_orientation_gives_the_same_upright_picture(int orientation)
    {
        var image = ImageLoader.Load(Fixture($"orientation{orientation}.jpg"));

        Assert.Equal((16, 24), (image.Width, image.Height));
        AssertColor(Red, image, 3, 5, tolerance: 12);
        AssertColor(Green, image, 12, 5, tolerance: 12);
        AssertColor(Blue, image, 3, 18, tolerance: 12);
        AssertColor((255, 255, 255), image, 12, 18, tolerance: 12);
    }

    [Fact]
    public void Cmyk_jpeg_becomes_rgb()
    {
        var image = ImageLoader.Load(Fixture("cmyk.jpg"));

        Assert.Equal((32, 16), (image.Width, image.Height));
        AssertColor(Red, image, 4, 8, tolerance: 30);
        AssertColor(Blue, image, 28, 8, tolerance: 30);
    }

    [Fact]
    public void Animated_gif_gives_its_first_frame()
    {
        var image = ImageLoader.Load(Fixture("animated.gif"));

        Assert.Equal((16, 16), (image.Width, image.Height));
        AssertColor(Red, image, 8, 8);
    }

    [Fact]
    public void Grayscale_png_becomes_equal_rgb_channels()
    {
        var image = ImageLoader.Load(Fixture("gray.png"));

        Assert.Equal((16, 12), (image.Width, image.Height));
        AssertColor((100, 100, 100), image, 2, 2);
        AssertColor((200, 200, 200), image, 12, 2);
    }

    [Fact]
    public void Grayscale_jpeg_becomes_equal_rgb_channels()
    {
        var image = ImageLoader.Load(Fixture("gray.jpg"));

        AssertColor((100, 100, 100), image, 2, 2, tolerance: 4);
        AssertColor((200, 200, 200), image, 13, 2, tolerance: 4);
        var (r, g, b) = image.At(5, 5);
        Assert.True(r == g && g == b, $"gray pixel decoded as {(r, g, b)}");
    }

    [Fact]
    public void Alpha_is_dropped_keeping_the_stored_colour()
    {
        // Left: red at alpha 128 (not darkened by compositing). Right: alpha 0 over stored green.
        var image = ImageLoader.Load(Fixture("rgba.png"));

        AssertColor(Red, image, 1, 1);
        AssertColor(Green, image, 6, 1);
    }

    [Fact]
    public void Sixteen_bit_png_becomes_eight_bit()
    {
        var image = ImageLoader.Load(Fixture("rgb16.png"));

        Assert.Equal((6, 4), (image.Width, image.Height));
        AssertColor((255, 0, 128), image, 3, 2, tolerance: 1);
    }

    [Fact]
    public void Bytes_stream_and_path_overloads_agree()
    {
        var path = Fixture("exif_orientation6.jpg");
        var fromPath = ImageLoader.Load(path);
        var fromBytes = ImageLoader.Load(File.ReadAllBytes(path), "photo.jpg");
        using var stream = File.OpenRead(path);
        var fromStream = ImageLoader.Load(stream, "photo.jpg");

        Assert.Equal(fromPath.Pixels, fromBytes.Pixels);
        Assert.Equal(fromPath.Pixels, fromStream.Pixels);
    }
}
