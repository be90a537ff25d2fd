using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Fewshot.Models;
using static TorchSharp.torch;

namespace Fewshot.Export;

/// <summary>
/// Writes a trained model's weights as .safetensors for PyTorch users: the body under its own names (torchvision's for the
/// torchvision bodies, so `torchvision.models.resnet34().load_state_dict(body, strict=False)` takes them, missing only the
/// classifier), the head under fastai v1's create_head names (head.2 batch norm, head.4 linear, head.6 batch norm,
/// head.8 linear), and in the metadata the classes, the body and the input's preprocessing.
/// </summary>
public static class SafetensorsExport
{
    static readonly Dictionary<string, string> FastaiHead = new()
    {
        ["head.layers.bn1."] = "head.2.", ["head.layers.fc1."] = "head.4.", ["head.layers.bn2."] = "head.6.", ["head.layers.fc2."] = "head.8.",
    };

    /// <summary>Reads a .fewshot image model and writes its weights, atomically.</summary>
    public static void FromModelFile(string modelPath, string outputPath)
    {
        var (manifest, network) = ImageModelFile.Load(modelPath, $"safetensors export supports '{ModelManifest.ImageKind}' models only.");
        using var model = network;
        Write(model, manifest, outputPath);
    }

    public static void Write(ClassifierNetwork model, ModelManifest manifest, string path)
    {
        var tensors = model.state_dict().Select(t => (Name: Rename(t.Key), Tensor: t.Value)).ToList();
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            var bytes = tensor.NumberOfElements * tensor.ElementSize;
            header[name] = new { dtype = DType(tensor), shape = tensor.shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var body = BackboneRegistry.Find(manifest.Backbone);
        header["__metadata__"] = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["fewshot_backbone"] = manifest.Backbone,
            ["architecture"] = body?.Architecture ?? manifest.Backbone,
            ["classes"] = JsonSerializer.Serialize(manifest.Classes),
            ["input"] = JsonSerializer.Serialize(manifest.Input, ModelFile.Json),
            ["head"] = "fastai v1 create_head: 0 AdaptiveConcatPool2d (max, avg), 1 Flatten, 2 BatchNorm1d, 3 Dropout(0.25), 4 Linear, 5 ReLU, " +
                       "6 BatchNorm1d, 7 Dropout(0.5), 8 Linear",
        };
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = json.Concat(Enumerable.Repeat((byte)' ', (8 - json.Length % 8) % 8)).ToArray();
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded.Length);
            stream.Write(length);
            stream.Write(padded);
            foreach (var (_, tensor) in tensors)
            {
                using var cpu = tensor.detach().cpu().contiguous();
                stream.Write(cpu.bytes);  // little-endian, as safetensors requires and every CPU here is
            }
        });
    }

    static string Rename(string name)
    {
        if (name.StartsWith("body.", StringComparison.Ordinal)) return name["body.".Length..];
        foreach (var (fewshot, fastai) in FastaiHead)
            if (name.StartsWith(fewshot, StringComparison.Ordinal)) return fastai + name[fewshot.Length..];
        throw new InvalidOperationException($"No export name for '{name}'.");
    }

    static string DType(Tensor tensor) => tensor.dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Int64 => "I64",
        _ => throw new InvalidOperationException($"Unexpected {tensor.dtype} tensor in a model."),
    };
}
