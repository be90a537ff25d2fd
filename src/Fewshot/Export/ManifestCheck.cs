using System.Globalization;
using Fewshot.Imaging;

namespace Fewshot.Export;

/// <summary>
/// Checks every field of a model manifest a predictor relies on, so that an edited or damaged manifest is one clear
/// error when the model is loaded instead of an overflow, a null reference or a wrong answer later. The weights'
/// checksum does not cover the manifest, so this is its only guard.
/// </summary>
static class ManifestCheck
{
    /// <summary>Larger inputs than any backbone here was made for; 3 × S × S floats per photo must stay addressable.</summary>
    public const int MaxInputSize = 2048;
    const int MaxDecodeSide = 16384;

    /// <returns>What is wrong, naming the field (e.g. "input.size is 0, which must be between 1 and 2048"), or null.</returns>
    public static string? Problem(ModelManifest manifest)
    {
        if (manifest.FormatVersion < 1) return Say($"formatVersion is {manifest.FormatVersion}, which must be 1 or more");
        if (string.IsNullOrWhiteSpace(manifest.Backbone)) return "backbone is missing";
        if (manifest.Classes is null) return "classes is missing";
        if (manifest.Classes.Count < 2) return Say($"classes holds {manifest.Classes.Count} name(s); a classifier has at least two");
        if (manifest.Classes.Any(string.IsNullOrWhiteSpace)) return "classes holds an empty name";
        if (manifest.Classes.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return $"classes names '{twice.Key}' twice";
        if (manifest.Weights?.Entry is null || manifest.Weights.Sha256 is null) return "weights is missing";
        return manifest.Input is null ? "input is missing" : InputProblem(manifest.Input);
    }

    static string? InputProblem(InputSpec input)
    {
        if (input.Size is < 1 or > MaxInputSize) return Say($"input.size is {input.Size}, which must be between 1 and {MaxInputSize}");
        if (!Enum.IsDefined(input.Resize)) return Say($"input.resize is {input.Resize}, not crop, squish or pad");
        if (!Enum.IsDefined(input.ChannelOrder)) return Say($"input.channelOrder is {input.ChannelOrder}, not rgb or bgr");
        if (input.Mean is not { Length: 3 } || !input.Mean.All(float.IsFinite))
            return $"input.mean is {Values(input.Mean)}, which must be three finite numbers";
        if (input.Std is not { Length: 3 } || !input.Std.All(s => float.IsFinite(s) && s > 0))
            return $"input.std is {Values(input.Std)}, which must be three positive finite numbers";
        if (!double.IsFinite(input.DecodeScale) || !(input.DecodeScale > 0) || input.Size * input.DecodeScale > MaxDecodeSide)
            return Say($"input.decodeScale is {input.DecodeScale}, which must be a positive number with size × decodeScale at most {MaxDecodeSide}");
        if (!ImageLoader.IsModelSlack(input.DecodeSlack))
            return Say($"input.decodeSlack is {input.DecodeSlack}, which must be a number from 1 to {ImageLoader.MaxModelSlack}");
        return null;
    }

    static string Values(float[]? values) =>
        values is null ? "missing" : "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
