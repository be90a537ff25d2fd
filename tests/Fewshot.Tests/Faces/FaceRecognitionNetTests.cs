using Fewshot.Faces;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Faces;

public sealed class FaceRecognitionNetTests(FaceModelsFixture models, ITestOutputHelper output)
    : IClassFixture<FaceModelsFixture>
{
    [Fact]
    public void Descriptors_match_face_api_for_every_reference_input()
    {
        Torch.Ready();
        var cases = FaceReferenceCase.LoadAll();
        using var net = FaceRecognitionNet.Load(models.RequireModels());
        using var descriptors = net.ComputeDescriptors(cases.Select(c => (c.Rgb, c.Width, c.Height)).ToList());
        Assert.Equal(new long[] { cases.Count, 128 }, descriptors.shape);

        var actual = descriptors.data<float>().ToArray();
        var worst = 0.0;
        for (var i = 0; i < cases.Count; i++)
            for (var j = 0; j < 128; j++)
            {
                var diff = Math.Abs(actual[i * 128 + j] - cases[i].Descriptor[j]);
                worst = Math.Max(worst, diff);
                Assert.True(diff < 1e-4, $"{cases[i]}[{j}]: {actual[i * 128 + j]} vs {cases[i].Descriptor[j]}");
            }
        output.WriteLine($"max abs descriptor difference: {worst:E2}");
    }

    [Fact]
    public void A_batch_gives_the_same_descriptors_as_single_faces()
    {
        Torch.Ready();
        var cases = FaceReferenceCase.LoadAll().Take(3).ToList();
        using var net = FaceRecognitionNet.Load(models.RequireModels());
        using var batch = net.ComputeDescriptors(cases.Select(c => (c.Rgb, c.Width, c.Height)).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            using var single = net.ComputeDescriptors([(cases[i].Rgb, cases[i].Width, cases[i].Height)]);
            using var row = batch[i];
            Assert.True(single[0].allclose(row, rtol: 0, atol: 1e-5));
        }
    }
}
