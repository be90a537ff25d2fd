using Fewshot.Cli.Commands;
using Fewshot.Imaging;
using Fewshot.People;

namespace Fewshot.Tests.People;

public sealed class PeopleCliTests(TrainedPeopleFixture run) : IClassFixture<TrainedPeopleFixture>
{
    [Fact]
    public void People_options_need_faces()
    {
        Assert.False(new TrainSettings { Data = "x", Features = PeopleFeatures.Face }.Validate().Successful);
        Assert.False(new TrainSettings { Data = "x", NoFace = NoFacePolicy.Exclude }.Validate().Successful);
        Assert.True(new TrainSettings { Data = "x", Faces = true, Features = PeopleFeatures.Face, NoFace = NoFacePolicy.Exclude }.Validate().Successful);
    }

    [Fact]
    public void Drawn_copy_shows_the_face_box_in_green()
    {
        var item = run.Split.Valid[0];
        var image = ImageLoader.Load(item.Path, PeopleData.DecodeMinSide);
        var result = run.Learner.Predict(image, item.Path);
        Assert.True(result.FaceFound);
        var path = Path.Combine(Path.GetTempPath(), $"drawn-{Guid.NewGuid():N}.png");
        try
        {
            FaceDrawing.Save(image, result.Face, result.Prediction.Verdict, result.Prediction.IsUnknown, path);
            var drawn = ImageLoader.Load(path);
            Assert.Equal((image.Width, image.Height), (drawn.Width, drawn.Height));
            var box = result.Face!.Value;
            // Middle of the box's left edge: the stroke is green.
            int x = (int)Math.Round(box.X), y = (int)(box.Y + box.Height / 2);
            int at = (y * drawn.Width + Math.Clamp(x, 0, drawn.Width - 1)) * 3;
            Assert.True(drawn.Pixels[at + 1] > 120 && drawn.Pixels[at] < 100 && drawn.Pixels[at + 2] < 100,
                $"pixel ({x},{y}) is {drawn.Pixels[at]},{drawn.Pixels[at + 1]},{drawn.Pixels[at + 2]}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
