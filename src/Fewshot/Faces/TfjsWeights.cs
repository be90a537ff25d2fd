using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Faces;

/// <summary>
/// The weights of a TF.js layers model: a `*-weights_manifest.json` naming tensors in the order they sit
/// in its concatenated `.bin` shards. Values are held as float arrays; tensors are made on request.
/// </summary>
public sealed class TfjsWeights
{
    readonly Dictionary<string, (int[] Shape, float[] Values)> _tensors;

    TfjsWeights(Dictionary<string, (int[] Shape, float[] Values)> tensors) => _tensors = tensors;

    public IReadOnlyCollection<string> Names => _tensors.Keys;

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public int[] Shape(string name) => Entry(name).Shape;

    /// <summary>The dequantized values, row-major in the TF.js layout.</summary>
    public float[] Values(string name) => Entry(name).Values;

    /// <summary>A float32 tensor in the TF.js shape.</summary>
    public Tensor Tensor(string name)
    {
        var (shape, values) = Entry(name);
        return tensor(values, shape.Select(d => (long)d).ToArray());
    }

    /// <summary>A conv filter, TF.js [kh, kw, in, out] → torch [out, in, kh, kw].</summary>
    public Tensor ConvFilter(string name)
    {
        RequireRank(name, 4);
        using var raw = Tensor(name);
        return raw.permute(3, 2, 0, 1).contiguous();
    }

    /// <summary>A depthwise filter, TF.js [kh, kw, C, 1] → torch [C, 1, kh, kw] (groups = C).</summary>
    public Tensor DepthwiseFilter(string name)
    {
        RequireRank(name, 4);
        if (Shape(name)[3] != 1)
            throw new FewshotException($"{name} has channel multiplier {Shape(name)[3]}; only 1 is supported.");
        using var raw = Tensor(name);
        return raw.permute(2, 3, 0, 1).contiguous();
    }

    /// <summary>Reads a manifest and its shards (found beside it).</summary>
    public static TfjsWeights Load(string manifestPath)
    {
        if (!File.Exists(manifestPath))
            throw new FewshotException($"Weights manifest {manifestPath} not found; run `fewshot setup faces`.");
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var tensors = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        foreach (var group in manifest.RootElement.EnumerateArray())
        {
            var data = group.GetProperty("paths").EnumerateArray()
                .SelectMany(p => File.ReadAllBytes(Path.Combine(directory, p.GetString()!)))
                .ToArray();
            var offset = 0;
            foreach (var spec in group.GetProperty("weights").EnumerateArray())
            {
                var name = spec.GetProperty("name").GetString()!;
                var shape = spec.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var count = shape.Aggregate(1, (a, b) => a * b);
                var dtype = spec.GetProperty("dtype").GetString()!;
                var values = spec.TryGetProperty("quantization", out var q)
                    ? Dequantize(data, ref offset, count, dtype, q, name)
                    : ReadPlain(data, ref offset, count, dtype, name);
                tensors[name] = (shape, values);
            }
            if (offset != data.Length)
                throw new FewshotException(
                    $"{manifestPath}: the tensors take {offset} bytes but the shards hold {data.Length}; " +
                    "the model files are damaged or mismatched. Run `fewshot setup faces` again.");
        }
        return new TfjsWeights(tensors);
    }

    static float[] Dequantize(byte[] data, ref int offset, int count, string dtype, JsonElement q, string name)
    {
        var storage = q.GetProperty("dtype").GetString();
        var width = storage switch
        {
            "uint8" => 1,
            "uint16" => 2,
            _ => throw new FewshotException($"{name}: quantization dtype {storage} is not supported."),
        };
        // Computed in double and rounded once, as TF.js does (JS numbers into a Float32Array).
        var scale = q.GetProperty("scale").GetDouble();
        var min = q.GetProperty("min").GetDouble();
        Take(data, offset, count * width, name);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            double stored = width == 1 ? data[offset + i] : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + 2 * i));
            var value = stored * scale + min;
            values[i] = dtype == "int32" ? (float)Math.Round(value, MidpointRounding.AwayFromZero) : (float)value;
        }
        offset += count * width;
        return values;
    }

    static float[] ReadPlain(byte[] data, ref int offset, int count, string dtype, string name)
    {
        Take(data, offset, count * 4, name);
        var bytes = data.AsSpan(offset, count * 4);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var slot = bytes.Slice(4 * i, 4);
            values[i] = dtype switch
            {
                "float32" => BinaryPrimitives.ReadSingleLittleEndian(slot),
                "int32" => BinaryPrimitives.ReadInt32LittleEndian(slot),
                _ => throw new FewshotException($"{name}: dtype {dtype} is not supported."),
            };
        }
        offset += count * 4;
        return values;
    }

    static void Take(byte[] data, int offset, int length, string name)
    {
        if (offset + length > data.Length)
            throw new FewshotException(
                $"{name} needs bytes {offset}–{offset + length} but the shards hold only {data.Length}; " +
                "the model files are damaged or mismatched. Run `fewshot setup faces` again.");
    }

    (int[] Shape, float[] Values) Entry(string name) =>
        _tensors.TryGetValue(name, out var entry)
            ? entry
            : throw new FewshotException($"The weights have no tensor named {name}.");

    void RequireRank(string name, int rank)
    {
        if (Shape(name).Length != rank)
            throw new FewshotException($"{name} has shape [{string.Join(", ", Shape(name))}], expected rank {rank}.");
    }
}
