using Fewshot.Faces;
using Fewshot.Imaging;
using Fewshot.People;
using Fewshot.Tests.Faces;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.People;

public sealed class FaceFallbackTests(FaceModelsFixture models) : IClassFixture<FaceModelsFixture>
{
    static RgbImage Grey(int width, int height) => new(width, height, Enumerable.Repeat((byte)128, width * height * 3).ToArray());

    [Fact]
    public void Photo_without_a_face_uses_the_whole_photo()
    {
        var directory = models.RequireModels();
        Torch.Ready();
        // Without landmark alignment the stand-in is exactly the whole photo.
        using var extractor = new FaceFeatureExtractor(0.1f, directory, FaceAlignment.Detector);
        using var recognition = FaceRecognitionNet.Load(directory);
        var image = Grey(120, 90);

        var sample = extractor.Extract(image);

        Assert.False(sample.Found);
        using var whole = recognition.ComputeDescriptors([(image.Pixels, image.Width, image.Height)]);
        var expected = whole.data<float>().ToArray();
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], sample.Descriptors[0][k], 5);
    }

    [Fact]
    public void Exclude_policy_leaves_faceless_photos_out_and_whole_keeps_them()
    {
        var noFace = new PersonPhoto("a.jpg", 0, 10, 10, new FaceSample(null, [new float[128]]), [new float[4]]);
        var face = noFace with { Face = new FaceSample(new FaceBox(1, 0, 0, 5, 5), [new float[128]]) };
        Assert.False(FeatureRows.Eligible(noFace, PeopleFeatures.Face, NoFacePolicy.Exclude));
        Assert.False(FeatureRows.Eligible(noFace, PeopleFeatures.Both, NoFacePolicy.Exclude));
        Assert.True(FeatureRows.Eligible(noFace, PeopleFeatures.Scene, NoFacePolicy.Exclude));
        Assert.True(FeatureRows.Eligible(noFace, PeopleFeatures.Face, NoFacePolicy.Whole));
        Assert.True(FeatureRows.Eligible(face, PeopleFeatures.Face, NoFacePolicy.Exclude));
    }

    [Fact]
    public void Largest_of_several_faces_is_chosen_and_found_on_a_face_that_fills_the_frame()
    {
        var directory = models.RequireModels();
        Torch.Ready();
        using var finder = new FaceFinder(directory);
        // Two copies of a face crop side by side, one half the size: the larger must win.
        var crop = ImageLoader.Load(Directory.GetFiles(Path.Combine(SharedData.Dataset("five_celebrity_faces"), "valid", "madonna")).Order().First());
        Assert.NotNull(finder.Largest(crop));
        var small = ImageResizer.Resize(crop, Math.Min(crop.Width, crop.Height) / 2, ResizeMethod.Squish);
        int width = crop.Width + small.Width + 40, height = crop.Height + 40;
        var canvas = Grey(width, height);
        Paste(canvas, crop, 20, 20);
        Paste(canvas, small, crop.Width + 30, 20);
        var faces = finder.Detect(canvas);
        Assert.True(faces.Count >= 2, $"{faces.Count} faces");
        var largest = finder.Largest(canvas)!.Value;
        Assert.True(largest.X + largest.Width / 2 < 20 + crop.Width, $"largest face at x={largest.X}");
        Assert.Equal(faces.Max(f => f.Area), largest.Area);
    }

    static void Paste(RgbImage canvas, RgbImage image, int left, int top)
    {
        for (int y = 0; y < image.Height; y++)
            Array.Copy(image.Pixels, y * image.Width * 3, canvas.Pixels, ((top + y) * canvas.Width + left) * 3, image.Width * 3);
    }
}
