using System.Text.Json;
using Fewshot.People;
using Fewshot.Tests.Faces;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.People;

/// <summary>People models written before the second people format (tests/fixtures/people/README.md) predict as they did.</summary>
public sealed class PeopleModelCompatibilityTests(FaceModelsFixture models) : IClassFixture<FaceModelsFixture>
{
    sealed record Expected(string Photo, string Label, string Best, float Probability, float[]? Face, float? Distance);

    [Theory]
    [InlineData("v1-face")]
    [InlineData("v1-both")]
    public void A_model_of_the_first_people_format_gives_the_answers_it_gave_then(string name)
    {
        models.RequireModels();
        var datasets = SharedData.Require("datasets");
        Torch.Ready();
        var fixtures = Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "people");
        var expected = JsonSerializer.Deserialize<List<Expected>>(File.ReadAllText(Path.Combine(fixtures, name + ".expected.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        using var predictor = PeoplePredictor.Load(Path.Combine(fixtures, name + ".fewshot"));
        Assert.Null(predictor.Spec.Unknown);
        Assert.Equal(0, predictor.Spec.Padding);

        foreach (var row in expected)
        {
            var answer = predictor.Predict(Path.Combine(datasets, row.Photo));
            var what = $"{row.Photo}: {answer.Prediction.Verdict} {answer.Prediction.Probability} face {answer.Face} distance {answer.NearestDistance}";
            Assert.True(row.Label == answer.Prediction.Verdict, what);
            Assert.True(row.Best == answer.Prediction.Label, what);
            Assert.True(Math.Abs(row.Probability - answer.Prediction.Probability) < 1e-4, what);
            Assert.True(row.Face is null == answer.Face is null, what);
            if (row.Face is { } box)
            {
                var face = answer.Face!.Value;
                Assert.True(Math.Abs(box[0] - face.X) < 0.01 && Math.Abs(box[1] - face.Y) < 0.01 &&
                            Math.Abs(box[2] - face.Width) < 0.01 && Math.Abs(box[3] - face.Height) < 0.01, what);
            }
            // The first format measured no distance for a whole-photo stand-in; the distance is reported now, the answer is the same.
            if (row.Distance is { } distance) Assert.True(Math.Abs(distance - answer.NearestDistance) < 1e-4, what);
        }
        // The fixture holds the case the second format changes: a face crop where no face is found is named without the check.
        Assert.Contains(expected, row => row.Face is null && row.Label != "unknown");
    }
}
