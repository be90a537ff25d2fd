using Fewshot.Faces;

namespace Fewshot.Tests.Faces;

public sealed class FaceGeometryTests
{
    [Theory]
    [InlineData(140, 101, 140, 19, 0)]  // 39 rows short: 20 after (19.5 rounds up), 19 before
    [InlineData(101, 140, 140, 0, 19)]
    [InlineData(100, 100, 100, 0, 0)]
    [InlineData(100, 90, 100, 5, 0)]
    public void Centred_padding_puts_the_odd_pixel_after(int width, int height, int side, int top, int left) =>
        Assert.Equal(new SquareInput.Placement(side, top, left), SquareInput.Place(width, height, centred: true));

    [Fact]
    public void Uncentred_padding_goes_bottom_right() =>
        Assert.Equal(new SquareInput.Placement(140, 0, 0), SquareInput.Place(140, 101, centred: false));

    [Fact]
    public void Resizing_to_the_same_size_only_normalises()
    {
        byte[] rgb = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120];
        var chw = new float[12];
        SquareInput.Fill(chw, rgb, 2, 2, 2, centred: true, [0f, 0f, 0f]);
        Assert.Equal([10 / 255f, 40 / 255f, 70 / 255f, 100 / 255f], chw[..4]);
        Assert.Equal([30 / 255f, 60 / 255f, 90 / 255f, 120 / 255f], chw[8..]);
    }

    [Fact]
    public void Old_tf_resize_samples_without_a_half_pixel_offset()
    {
        // One row [0, 100] upscaled to width 4: sources 0, 0.5, 1, 1.5 → clamped to the last pixel.
        byte[] rgb = [0, 0, 0, 100, 100, 100, 0, 0, 0, 100, 100, 100];
        var chw = new float[3 * 16];
        SquareInput.Fill(chw, rgb, 2, 2, 4, centred: false, [0f, 0f, 0f]);
        Assert.Equal(new[] { 0f, 50f, 100f, 100f }, chw[..4].Select(v => MathF.Round(v * 255, 3)));
    }

    [Fact]
    public void Nms_keeps_the_best_of_overlapping_boxes_and_disjoint_ones()
    {
        var boxes = new[]
        {
            new FaceBox(0.6f, 0, 0, 10, 10),
            new FaceBox(0.9f, 1, 1, 10, 10),
            new FaceBox(0.7f, 50, 50, 10, 10),
        };
        var kept = NonMaxSuppression.Apply(boxes, 0.4f);
        Assert.Equal([boxes[1], boxes[2]], kept);
    }

    [Fact]
    public void Iou_of_identical_and_disjoint_boxes()
    {
        var a = new FaceBox(1, 0, 0, 10, 10);
        Assert.Equal(1f, a.IntersectionOverUnion(a));
        Assert.Equal(0f, a.IntersectionOverUnion(a with { X = 20 }));
        Assert.Equal(1f / 3, a.IntersectionOverUnion(a with { X = 5 }), 1e-6);
    }

    [Fact]
    public void Crop_grows_by_the_margin_and_stays_inside_the_image()
    {
        const int width = 20, height = 10;
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++) rgb[3 * i] = (byte)i;

        var (crop, w, h) = FaceCrop.Extract(rgb, width, height, new FaceBox(1, 5, 2, 10, 5), margin: 0.1f);
        Assert.Equal((12, 7), (w, h)); // x 4…16, y 1.5…7.5 → columns 4–15, rows 1–7
        Assert.Equal(rgb[(1 * width + 4) * 3], crop[0]);

        var (_, edgeW, edgeH) = FaceCrop.Extract(rgb, width, height, new FaceBox(1, -5, -5, 40, 40));
        Assert.Equal((width, height), (edgeW, edgeH));
    }
}
