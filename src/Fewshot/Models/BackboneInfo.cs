using Fewshot.Imaging;

namespace Fewshot.Models;

/// <summary>Everything about a backbone in one place (fastai's model_meta).</summary>
/// <param name="Id">Registry key, e.g. "resnet18".</param>
/// <param name="FeatureChannels">C of the N×C×h×w feature map.</param>
/// <param name="DefaultSize">Input side the weights were trained at.</param>
/// <param name="Create">Builds a fresh module with the pretrained weights.</param>
public sealed record BackboneInfo(
    string Id,
    string Description,
    int FeatureChannels,
    Preprocessing Preprocessing,
    int DefaultSize,
    Func<Backbone> Create);
