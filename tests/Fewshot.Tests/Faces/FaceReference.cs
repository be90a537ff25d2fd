using System.Text.Json;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Faces;

/// <summary>One input of shared/face-reference and what face-api's own JS build computed for it.</summary>
public sealed record FaceReferenceCase(
    string File, byte[] Rgb, int Width, int Height, float[] Descriptor, float[] DetectorRaw,
    float[][]? TinyDetections, float[][]? SsdDetections, float[][]? Landmarks68)
{
    public override string ToString() => File;

    /// <summary>Every reference input (skips when shared/face-reference is absent).</summary>
    public static IReadOnlyList<FaceReferenceCase> LoadAll()
    {
        var root = SharedData.Require("face-reference");
        using var meta = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(root, "in", "meta.json")));
        var sizes = meta.RootElement.EnumerateArray().ToDictionary(
            m => m.GetProperty("file").GetString()!,
            m => (W: m.GetProperty("w").GetInt32(), H: m.GetProperty("h").GetInt32()));
        using var expected = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(root, "expected.json")));
        return expected.RootElement.EnumerateArray().Select(e =>
        {
            var file = e.GetProperty("file").GetString()!;
            var (w, h) = sizes[file];
            return new FaceReferenceCase(
                file, System.IO.File.ReadAllBytes(Path.Combine(root, file)), w, h,
                Floats(e.GetProperty("desc")),
                e.TryGetProperty("detRaw", out var raw) ? Floats(raw) : [],
                Rows(e, "dets"), Rows(e, "ssdDets"), Rows(e, "landmarks68"));
        }).ToList();
    }

    static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    static float[][]? Rows(JsonElement e, string name) =>
        e.TryGetProperty(name, out var rows) && rows.ValueKind == JsonValueKind.Array
            ? rows.EnumerateArray().Select(Floats).ToArray()
            : null;
}
