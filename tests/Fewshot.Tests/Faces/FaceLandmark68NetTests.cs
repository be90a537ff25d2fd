using Fewshot.Faces;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Faces;

public sealed class FaceLandmark68NetTests(FaceModelsFixture models, ITestOutputHelper output)
    : IClassFixture<FaceModelsFixture>
{
    [Fact]
    public void Landmarks_match_face_api_for_every_reference_input()
    {
        Torch.Ready();
        var cases = FaceReferenceCase.LoadAll().Where(c => c.Landmarks68 is not null).ToList();
        using var net = FaceLandmark68Net.Load(models.RequireModels());
        var found = net.DetectLandmarks(cases.Select(c => (c.Rgb, c.Width, c.Height)).ToList());
        var worst = 0.0;
        foreach (var (points, c) in found.Zip(cases))
        {
            Assert.Equal(68, points.Length);
            for (var i = 0; i < 68; i++)
            {
                var diff = Math.Max(Math.Abs(points[i].X - c.Landmarks68![i][0]), Math.Abs(points[i].Y - c.Landmarks68[i][1]));
                worst = Math.Max(worst, diff);
                Assert.True(diff < 0.01, $"{c} point {i}: {points[i]} vs ({c.Landmarks68[i][0]}, {c.Landmarks68[i][1]})");
            }
        }
        output.WriteLine($"max landmark difference: {worst:E2} px");
    }
}
