using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>The classifier on face and/or whole-photo features: batch norm → dropout → linear.</summary>
public sealed class PeopleHead : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// The batch norm's ε (TorchSharp's default). Saved heads depend on it without storing it, so it stays a literal
    /// here; a test checks that <see cref="LogisticRegression"/> standardises with the same value.
    /// </summary>
    public const double BatchNormEpsilon = 1e-5;

    readonly nn.Module<Tensor, Tensor> layers;

    /// <summary>Length of the feature vector the head reads.</summary>
    public int Inputs { get; }

    public PeopleHead(int inputs, int classCount, double dropout = 0.25) : base("head")
    {
        Inputs = inputs;
        layers = nn.Sequential(
            ("bn", nn.BatchNorm1d(inputs, BatchNormEpsilon)),
            ("drop", nn.Dropout(dropout)),
            ("fc", nn.Linear(inputs, classCount)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor features) => layers.call(features);

    /// <summary>
    /// Makes the head (in eval mode) compute (x − mean) / √(variance + ε) · weightᵀ + bias: the batch norm's
    /// running statistics become the standardisation, its affine part the identity.
    /// </summary>
    public void SetLinear(Tensor mean, Tensor variance, Tensor weight, Tensor bias)
    {
        var modules = named_modules().ToDictionary(m => m.name, m => m.module);
        var norm = (TorchSharp.Modules.BatchNorm1d)modules["layers.bn"];
        var linear = (TorchSharp.Modules.Linear)modules["layers.fc"];
        using var _ = no_grad();
        norm.running_mean!.copy_(mean);
        norm.running_var!.copy_(variance);
        norm.weight!.fill_(1);
        norm.bias!.fill_(0);
        linear.weight!.copy_(weight);
        linear.bias!.copy_(bias);
        eval();
    }

    /// <summary>Makes the head (in eval mode) compute <paramref name="model"/>'s logits.</summary>
    public void SetLinear(LogisticRegression model)
    {
        using var scope = NewDisposeScope();
        SetLinear(tensor(model.Mean).to_type(ScalarType.Float32), tensor(model.Variance).to_type(ScalarType.Float32),
            tensor(model.Weight, [model.Classes, model.Dimension]).to_type(ScalarType.Float32),
            tensor(model.Bias).to_type(ScalarType.Float32));
    }
}

/// <summary>
/// What a people model stores besides the face networks and the ImageNet body (which it names, not copies):
/// the head, and the training faces' descriptors with their classes (the gallery behind "unknown").
/// </summary>
public sealed class PeopleModel : nn.Module<Tensor, Tensor>
{
    public PeopleHead head;
    public Tensor gallery;
    public Tensor galleryLabels;

    public PeopleModel(int inputs, int classCount, float[] galleryDescriptors, long[] galleryClassLabels) : base("people")
    {
        head = new PeopleHead(inputs, classCount);
        gallery = tensor(galleryDescriptors).reshape(galleryClassLabels.Length, Faces.FaceRecognitionNet.DescriptorLength);
        galleryLabels = tensor(galleryClassLabels);
        RegisterComponents(); // registers the two tensors as buffers, so they travel with the weights
    }

    public override Tensor forward(Tensor features) => head.call(features);

    /// <summary>Class probabilities for one feature vector per row.</summary>
    public float[] Probabilities(float[] features, int rows)
    {
        eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(features).reshape(rows, features.Length / rows);
        return nn.functional.softmax(head.call(input), 1).data<float>().ToArray();
    }

    /// <summary>Euclidean distance from a face descriptor to the nearest training face (+∞ with no gallery).</summary>
    public float NearestDistance(float[] descriptor) => NearestDistance(descriptor, []);

    /// <summary>Distance to the nearest training face of a class not in <paramref name="excluded"/> (+∞ when there is none).</summary>
    public float NearestDistance(float[] descriptor, IReadOnlyCollection<int> excluded)
    {
        if (galleryLabels.shape[0] == 0) return float.PositiveInfinity;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var query = tensor(descriptor).reshape(1, -1);
        var distances = (gallery - query).pow(2).sum(1).sqrt();
        if (excluded.Count > 0)
        {
            var kept = ones_like(galleryLabels, ScalarType.Bool);
            foreach (var c in excluded) kept = kept.logical_and(galleryLabels.ne(c));
            if (!kept.any().item<bool>()) return float.PositiveInfinity;
            distances = distances.masked_select(kept);
        }
        return distances.min().item<float>();
    }
}
