using System.Text.Json;
using System.Text.Json.Serialization;
using Fewshot.Imaging;

namespace Fewshot.Inference;

/// <summary>
/// What an exported Fewshot ONNX file says about itself, stored as the model's metadata_props:
/// the graph's contract (input of <see cref="Size"/>×<see cref="Size"/> RGB pixels, output class probabilities)
/// and how a photo is decoded and resized before it enters the graph.
/// </summary>
public sealed record OnnxModelInfo
{
    public const string Key = "fewshot";
    public const string ImageKind = "image";
    public const string InputName = "image";
    public const string OutputName = "probabilities";

    public int FormatVersion { get; init; } = 1;
    public required string FewshotVersion { get; init; }
    /// <summary>"image" for a whole-image classifier. Other kinds (people mode) plug in at <see cref="Classifier.Load(string, ClassifierOptions?)"/>.</summary>
    public string Kind { get; init; } = ImageKind;
    public required string Backbone { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }
    /// <summary>Square side of the graph's input.</summary>
    public required int Size { get; init; }
    public required ResizeMethod Resize { get; init; }
    /// <summary>Photos are decoded with their short side at about ceil(Size × DecodeScale), as in training.</summary>
    public required double DecodeScale { get; init; }
    /// <summary>A photo as decoded (at reduced scale where the format allows) is kept when its short side is at most this
    /// many times <see cref="DecodeMinSide"/>, else shrunk to it (ImageLoader's minSideSlack); 1 in files exported before
    /// it was recorded.</summary>
    public double DecodeSlack { get; init; } = 1;
    /// <summary>"uint8" or "float" (0–255): the element type of the N×Size×Size×3 RGB input.</summary>
    public required string InputType { get; init; }
    /// <summary>What the graph does inside, for reference: channel order, mean and std in that order, 0–255 units.</summary>
    public required ChannelOrder ChannelOrder { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Std { get; init; }

    public int DecodeMinSide => ImageLoader.DecodeSide(Size, DecodeScale);

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads the "fewshot" metadata entry; <paramref name="path"/> names the file in messages.</summary>
    public static OnnxModelInfo FromMetadata(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(Key, out var json))
            throw new FewshotException($"'{path}' is an ONNX file but not one exported by Fewshot (no '{Key}' metadata). " +
                                       "Export it with `fewshot export MODEL.fewshot --onnx OUT.onnx`.");
        OnnxModelInfo? info;
        try { info = JsonSerializer.Deserialize<OnnxModelInfo>(json, Json); }
        catch (JsonException e)
        {
            throw new FewshotException($"'{path}' has unreadable Fewshot metadata ({e.Message}). Export it again with `fewshot export`.", e);
        }
        if (info is null || info.Classes.Count == 0 || info.Size < 1 || info.DecodeScale <= 0 || !ImageLoader.IsModelSlack(info.DecodeSlack))
            throw new FewshotException($"'{path}' has incomplete Fewshot metadata. Export it again with `fewshot export`.");
        if (info.FormatVersion > 1)
            throw new FewshotException($"'{path}' was exported by Fewshot {info.FewshotVersion} in a newer format; update Fewshot.Inference.");
        return info;
    }
}
