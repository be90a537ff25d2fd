using Fewshot.Imaging;

namespace Fewshot.Tests.Imaging;

public class PreprocessingTests
{
    // 2×1 pixels: (10, 20, 30) and (40, 50, 60).
    static readonly RgbImage Tiny = new(2, 1, [10, 20, 30, 40, 50, 60]);

    [Fact]
    public void Rgb_planes_are_normalised_in_order()
    {
        var preprocessing = new Preprocessing(ChannelOrder.Rgb, [1, 2, 3], [2, 4, 8]);
        var output = new float[6];

        preprocessing.WriteChw(Tiny, output);

        Assert.Equal([(10 - 1) / 2f, (40 - 1) / 2f, (20 - 2) / 4f, (50 - 2) / 4f, (30 - 3) / 8f, (60 - 3) / 8f], output);
    }

    [Fact]
    public void Bgr_planes_start_with_blue_and_use_stats_in_model_order()
    {
        var preprocessing = new Preprocessing(ChannelOrder.Bgr, [3, 2, 1], [8, 4, 2]);
        var output = new float[6];

        preprocessing.WriteChw(Tiny, output);

        Assert.Equal([(30 - 3) / 8f, (60 - 3) / 8f, (20 - 2) / 4f, (50 - 2) / 4f, (10 - 1) / 2f, (40 - 1) / 2f], output);
    }

    [Fact]
    public void ImageNet_preset_matches_torchvision()
    {
        var output = new float[6];

        Preprocessing.ImageNetRgb.WriteChw(Tiny, output);

        Assert.Equal((10 / 255f - 0.485f) / 0.229f, output[0], 1e-5f);
        Assert.Equal((60 / 255f - 0.406f) / 0.225f, output[5], 1e-5f);
    }

    [Fact]
    public void Wrong_destination_length_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Preprocessing.ImageNetRgb.WriteChw(Tiny, new float[5]));
    }
}
