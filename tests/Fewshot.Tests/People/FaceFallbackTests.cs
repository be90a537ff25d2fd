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
        Assert.NotEmpty(finder.Detect(crop));
        var small = ImageResizer.Resize(crop, Math.Min(crop.Width, crop.Height) / 2, ResizeMethod.Squish);
        int width = crop.Width + small.Width + 40, height = crop.Height + 40;
        var canvas = Grey(width, height);
        Paste(canvas, crop, 20, 20);
        Paste(canvas, small, crop.Width + 30, 20);
        var faces = finder.Detect(canvas);
        Assert.True(faces.Count >= 2, $"{faces.Count} faces");
        var largest = finder.Search(canvas, 0.5f).Faces.MaxBy(f => f.Area);
        Assert.True(largest.X + largest.Width / 2 < 20 + crop.Width, $"largest face at x={largest.X}");
        Assert.Equal(faces.Max(f => f.Area), largest.Area);
    }

    [Fact]
    public void A_face_that_fills_a_tight_crop_is_found_once_the_crop_is_padded()
    {
        var directory = models.RequireModels();
        Torch.Ready();
        // A 94-pixel crop of Ronaldo's face in which neither detector finds the face as it is.
        var crop = ImageLoader.Load(Path.Combine(SharedData.Dataset("footballer_faces"), "valid", "cristiano_ronaldo", "cristiano_ronaldo25.png"));
        using var finder = new FaceFinder(directory);
        Assert.Empty(finder.Detect(crop));
        Assert.Empty(finder.Search(crop, 0).Faces);

        var search = finder.Search(crop, 0.5f);

        Assert.True(search.Padded);
        var face = Assert.Single(search.Faces);
        var inPhoto = search.InPhoto(face);
        Assert.InRange(inPhoto.X, 0, crop.Width);
        Assert.InRange(inPhoto.Right, 0, crop.Width);
        Assert.True(inPhoto.Width > crop.Width / 2f, $"{inPhoto}");
        // The extractor cuts the face from the padded photo and says so; the box is in the photo's own pixels.
        using var extractor = new FaceFeatureExtractor(0.1f, directory, padding: 0.5f);
        var sample = extractor.Extract(crop);
        Assert.Equal(FaceSource.Padded, sample.Source);
        Assert.Equal(inPhoto, sample.Box);
        using var unpadded = new FaceFeatureExtractor(0.1f, directory);
        Assert.Equal(FaceSource.WholePhoto, unpadded.Extract(crop).Source);
    }

    static void Paste(RgbImage canvas, RgbImage image, int left, int top)
    {
        for (int y = 0; y < image.Height; y++)
            Array.Copy(image.Pixels, y * image.Width * 3, canvas.Pixels, ((top + y) * canvas.Width + left) * 3, image.Width * 3);
    }
}
