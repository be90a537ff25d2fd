using Fewshot.Imaging;
using Fewshot.Models.Weights;

namespace Fewshot.Models;

/// <summary>Everything about a backbone in one place (fastai's model_meta); every other place reads it from here.</summary>
public sealed record BackboneInfo
{
    /// <summary>Registry key, e.g. "resnet34".</summary>
    public required string Id { get; init; }
    public required string Description { get; init; }
    /// <summary>The architecture's name where it comes from, e.g. torchvision's "resnet34".</summary>
    public required string Architecture { get; init; }
    /// <summary>C of the N×C×h×w feature map.</summary>
    public required int FeatureChannels { get; init; }
    public required Preprocessing Preprocessing { get; init; }
    /// <summary>Input side the weights were trained at.</summary>
    public required int DefaultSize { get; init; }
    public required string Licence { get; init; }
    /// <summary>torchvision's published weights (fetched by `fewshot setup backbone`); null when the weights come with Fewshot.</summary>
    public OfficialWeights? Official { get; init; }
    /// <summary>Body tensors whose names start with one of these form the late layer group (fastai's split).</summary>
    public IReadOnlyList<string> LateGroup { get; init; } = [];
    /// <summary>Tensors of the classifier a weights file may hold; the body does not use them.</summary>
    public string? ClassifierPrefix { get; init; }
    /// <summary>A weights file the user brought (<see cref="WithWeights"/>); null: the installed official weights.</summary>
    public string? WeightsFile { get; init; }
    /// <summary>Builds the module: for torchvision bodies with random weights, for the CNTK body with its own.</summary>
    internal Func<BackboneInfo, Backbone> Build { get; init; } = info => throw new InvalidOperationException($"{info.Id} has no module");

    /// <summary>The body's modules with untrained weights where the weights are loaded separately: enough to load a trained model into.</summary>
    public Backbone CreateArchitecture() => Build(this);

    /// <summary>A fresh module with the pretrained weights (the user's file, or the installed official ones).</summary>
    public Backbone Create()
    {
        var body = CreateArchitecture();
        if (Official is null) return body;
        try
        {
            PretrainedWeights.Load(body, WeightsPath());
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>This body with the weights of <paramref name="file"/> (a PyTorch .pth/.pt state_dict or .safetensors).</summary>
    public BackboneInfo WithWeights(string? file)
    {
        if (file is null) return this;
        if (Official is null)
            throw new FewshotException($"The {Id} body comes with its own weights (CNTK's, from {PretrainedFiles.ResNet18Package}) and takes " +
                                       "no weights file: choose a torchvision body for --weights, such as resnet18_tv or resnet34.");
        return this with { WeightsFile = Path.GetFullPath(file) };
    }

    /// <summary>Whether <see cref="Create"/> finds its weights without downloading anything.</summary>
    public bool WeightsAvailable => Official is null || WeightsFile is not null || BackboneWeightsStore.Default.IsInstalled(this);

    /// <summary>The pretrained weights file: the user's, the installed official one, or the file shipped with Fewshot.</summary>
    public string WeightsPath() =>
        WeightsFile ?? (Official is null ? PretrainedFiles.ResNet18Onnx() : BackboneWeightsStore.Default.InstalledPath(this));

    /// <summary>The pretrained weights' SHA-256 (of the file read by <see cref="WeightsPath"/>), lower-case hex.</summary>
    public string WeightsSha256() =>
        WeightsFile is null && Official is not null ? BackboneWeightsStore.Default.InstalledSha256(this) : FileHash.Sha256(WeightsPath());

    public override string ToString() => Id;
}
