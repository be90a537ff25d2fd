using Fewshot.Faces;
using Fewshot.People;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.People;

public sealed class FaceChoiceTests
{
    static float[] Descriptor(float first) { var d = new float[FaceRecognitionNet.DescriptorLength]; d[0] = first; return d; }

    [Fact]
    public void Known_choice_takes_the_face_nearest_a_training_face_not_the_largest()
    {
        Torch.Ready();
        using var model = new PeopleModel(FaceRecognitionNet.DescriptorLength, 2, [.. Descriptor(5), .. Descriptor(9)], [0, 1]);
        var bystander = new FaceSample(new FaceBox(1, 0, 0, 100, 100), [Descriptor(0)]);
        var player = new FaceSample(new FaceBox(1, 200, 0, 60, 60), [Descriptor(8.5f)]);
        var photo = bystander with { Others = [player] };

        var chosen = PeoplePipeline.MostKnown(photo, model);

        Assert.Equal(player.Box, chosen.Box);
        Assert.Equal(0.5f, model.NearestDistance(chosen.Descriptors[0]), 5);
        Assert.Same(bystander, PeoplePipeline.MostKnown(bystander, model));
    }
}
