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

        FaceSample Known(FaceSample face) =>
            FacePicking.Choose(face, FaceChoice.Known, model.NearestDistance, model.head, PeopleFeatures.Face, scene: null);
        var chosen = Known(photo);

        Assert.Equal(player.Box, chosen.Box);
        Assert.Equal(0.5f, model.NearestDistance(chosen.Descriptors[0]), 5);
        Assert.Same(bystander, Known(bystander));
    }

    [Fact]
    public void Confident_choice_takes_the_face_the_head_names_most_surely_not_the_largest()
    {
        Torch.Ready();
        using var scope = TorchSharp.torch.NewDisposeScope();
        // A head on descriptors whose first component decides the class: 0 is on the boundary, ±3 is sure.
        using var head = new PeopleHead(FaceRecognitionNet.DescriptorLength, 2);
        var weight = TorchSharp.torch.zeros(2, FaceRecognitionNet.DescriptorLength);
        weight[0, 0] = TorchSharp.torch.tensor(-1f);
        weight[1, 0] = TorchSharp.torch.tensor(1f);
        head.SetLinear(TorchSharp.torch.zeros(FaceRecognitionNet.DescriptorLength),
            TorchSharp.torch.ones(FaceRecognitionNet.DescriptorLength) - (float)PeopleHead.BatchNormEpsilon, weight, TorchSharp.torch.zeros(2));
        var bystander = new FaceSample(new FaceBox(1, 0, 0, 100, 100), [Descriptor(0)]);
        var player = new FaceSample(new FaceBox(1, 200, 0, 60, 60), [Descriptor(-3)]);
        var photo = bystander with { Others = [player] };
        float Far(float[] _) => 1;

        Assert.Equal(player.Box, FacePicking.Choose(photo, FaceChoice.Confident, Far, head, PeopleFeatures.Face, null).Box);
        Assert.Equal(bystander.Box, FacePicking.Choose(photo, FaceChoice.Largest, Far, head, PeopleFeatures.Face, null).Box);
        // With scene features only the face plays no part: the largest stays.
        Assert.Equal(bystander.Box, FacePicking.Choose(photo, FaceChoice.Confident, Far, head, PeopleFeatures.Scene, [1f]).Box);
        // Both: the face part still decides, the shared scene part does not.
        using var both = new PeopleHead(FaceRecognitionNet.DescriptorLength + 1, 2);
        both.SetLinear(TorchSharp.torch.zeros(FaceRecognitionNet.DescriptorLength + 1),
            TorchSharp.torch.ones(FaceRecognitionNet.DescriptorLength + 1) - (float)PeopleHead.BatchNormEpsilon,
            TorchSharp.torch.cat([weight, TorchSharp.torch.ones(2, 1)], 1), TorchSharp.torch.zeros(2));
        Assert.Equal(player.Box, FacePicking.Choose(photo, FaceChoice.Confident, Far, both, PeopleFeatures.Both, [5f]).Box);
        // A photo with one face (or none) keeps it.
        Assert.Same(bystander, FacePicking.Choose(bystander, FaceChoice.Confident, Far, head, PeopleFeatures.Face, null));
    }
}
