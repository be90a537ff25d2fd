using Fewshot.Imaging;
using Fewshot.Models.Cntk;
using Fewshot.Models.Torchvision;
using Fewshot.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>The backbones Fewshot can train on, and every fact about each.</summary>
public static class BackboneRegistry
{
    public const string DefaultId = "resnet18";

    const string TorchvisionLicence = "BSD-3-Clause (torchvision); trained on ImageNet-1K";

    static readonly BackboneInfo ResNet18 = new()
    {
        Id = DefaultId,
        Architecture = "CNTK ResNet-18",
        Description = "ResNet-18 trained on ImageNet (CNTK weights from Microsoft.ML.DnnImageFeaturizer.ResNet18)",
        FeatureChannels = 512,
        // Channel averages of the package's BGR mean image; BackboneMeanTests checks them against the file.
        Preprocessing = new Preprocessing(ChannelOrder.Bgr, [103.06262f, 115.902885f, 123.151634f], [1f, 1f, 1f]),
        DefaultSize = 224,
        Licence = "MIT (Microsoft.ML.DnnImageFeaturizer.ResNet18)",
        Build = info => new CntkResNet(info, CntkResNetSpec.ResNet18.Value),
    };

    static readonly string[] ResNetBody = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"];

    static BackboneInfo TorchvisionResNet(string id, string architecture, int channels, OfficialWeights weights, Func<TorchSharp.Modules.ResNet> build) =>
        Torchvision(id, architecture, channels, weights,
            lateGroup: ["layer3", "layer4"],  // fastai's resnet split: stem to layer2, layer3 and layer4
            classifierPrefix: "fc.",
            build: info => new TorchvisionBody(info, TorchvisionBody.Children(build(), ResNetBody)));

    /// <summary>A body that is torchvision's "features" sequence; its late group starts at the first stride-16 stage, as ResNet's layer3 does.</summary>
    static BackboneInfo TorchvisionFeatures(string id, string architecture, int channels, OfficialWeights weights, int lateFrom, int layers,
        Func<nn.Module<Tensor, Tensor>> features) =>
        Torchvision(id, architecture, channels, weights,
            lateGroup: Enumerable.Range(lateFrom, layers - lateFrom).Select(i => $"features.{i}").ToList(),
            classifierPrefix: "classifier.",
            build: info => new TorchvisionBody(info, [("features", features())]));

    static BackboneInfo Torchvision(string id, string architecture, int channels, OfficialWeights weights, IReadOnlyList<string> lateGroup,
        string classifierPrefix, Func<BackboneInfo, Backbone> build) => new()
    {
        Id = id,
        Architecture = architecture,
        Description = $"torchvision's {architecture} trained on ImageNet ({weights.Name})",
        FeatureChannels = channels,
        Preprocessing = Preprocessing.ImageNetRgb,
        DefaultSize = 224,
        Licence = TorchvisionLicence,
        Official = weights,
        LateGroup = lateGroup,
        ClassifierPrefix = classifierPrefix,
        Build = build,
    };

    static OfficialWeights Weights(string name, string file, double top1, long parameters, double sizeMiB) =>
        new(name, file, top1, parameters, sizeMiB, OfficialWeights.TorchvisionBaseUrl);

    public static BackboneInfo Default => ResNet18;

    public static IReadOnlyList<BackboneInfo> All { get; } =
    [
        ResNet18,
        TorchvisionResNet("resnet18_tv", "resnet18", 512, Weights("IMAGENET1K_V1", "resnet18-f37072fd.pth", 69.758, 11_689_512, 44.7),
            () => torchvision.models.resnet18()),
        TorchvisionResNet("resnet34", "resnet34", 512, Weights("IMAGENET1K_V1", "resnet34-b627a593.pth", 73.314, 21_797_672, 83.3),
            () => torchvision.models.resnet34()),
        TorchvisionResNet("resnet50", "resnet50", 2048, Weights("IMAGENET1K_V2", "resnet50-11ad3fa6.pth", 80.858, 25_557_032, 97.8),
            () => torchvision.models.resnet50()),
        TorchvisionFeatures("efficientnet_b0", "efficientnet_b0", EfficientNetB0.FeatureChannels,
            Weights("IMAGENET1K_V1", "efficientnet_b0_rwightman-7f5810bc.pth", 77.692, 5_288_548, 20.5), lateFrom: 4, layers: 9,
            EfficientNetB0.Features),
        TorchvisionFeatures("mobilenet_v3_large", "mobilenet_v3_large", MobileNetV3Large.FeatureChannels,
            Weights("IMAGENET1K_V2", "mobilenet_v3_large-5c1a4163.pth", 75.274, 5_483_032, 21.1), lateFrom: 7, layers: 17,
            MobileNetV3Large.Features),
    ];

    /// <summary>The backbone with this id (case-insensitive).</summary>
    public static BackboneInfo Get(string id) =>
        Find(id) ?? throw new FewshotException($"Unknown backbone '{id}'. Known backbones: {string.Join(", ", All.Select(b => b.Id))}.");

    public static BackboneInfo? Find(string id) =>
        All.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase));
}
