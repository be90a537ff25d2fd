using Fewshot.Imaging;
using Fewshot.Models.Cntk;

namespace Fewshot.Models;

/// <summary>The backbones Fewshot can train on.</summary>
public static class BackboneRegistry
{
    public const string DefaultId = "resnet18";

    static readonly BackboneInfo ResNet18 = new(
        Id: DefaultId,
        Description: "ResNet-18 trained on ImageNet (CNTK weights from Microsoft.ML.DnnImageFeaturizer.ResNet18)",
        FeatureChannels: 512,
        // Channel averages of the package's BGR mean image; BackboneMeanTests checks them against the file.
        Preprocessing: new Preprocessing(ChannelOrder.Bgr, [103.06262f, 115.902885f, 123.151634f], [1f, 1f, 1f]),
        DefaultSize: 224,
        Create: CreateResNet18);

    static Backbone CreateResNet18() => new CntkResNet(ResNet18, CntkResNetSpec.ResNet18.Value);

    public static BackboneInfo Default => ResNet18;

    public static IReadOnlyList<BackboneInfo> All { get; } = [ResNet18];

    /// <summary>The backbone with this id (case-insensitive).</summary>
    public static BackboneInfo Get(string id) =>
        All.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new FewshotException(
            $"Unknown backbone '{id}'. Known backbones: {string.Join(", ", All.Select(b => b.Id))}.");
}
