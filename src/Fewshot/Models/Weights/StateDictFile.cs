using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fewshot.Models.Weights;

/// <summary>
/// Reads a state_dict the way PyTorch users save one: torch.save's zip format (.pth, .pt) through TorchSharp.PyBridge's
/// unpickler, or .safetensors through its reader. PyTorch's old non-zip format is refused with how to re-save it.
/// </summary>
public static class StateDictFile
{
    /// <summary>Name → tensor; the caller disposes the tensors.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FewshotException($"The weights file '{path}' does not exist.");
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            return Guarded(path, "a .safetensors file", () => Safetensors.LoadStateDict(path));
        var start = new byte[4];
        using (var stream = File.OpenRead(path)) stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        if (start is [(byte)'P', (byte)'K', 3, 4])
            return Guarded(path, "a PyTorch state_dict", () => Tensors(PyTorchUnpickler.UnpickleStateDict(path)));
        if (start[0] == 0x80)
            throw new FewshotException(
                $"'{path}' is in PyTorch's old (non-zip) format, which Fewshot cannot read. Re-save it with PyTorch 1.6 or later: " +
                $"python3 -c \"import torch; torch.save(torch.load('{Path.GetFileName(path)}', map_location='cpu'), 'resaved.pth')\" " +
                "and give resaved.pth.");
        throw new FewshotException($"'{path}' is neither a PyTorch state_dict (.pth/.pt saved by torch.save) nor a .safetensors file.");
    }

    static Dictionary<string, Tensor> Guarded(string path, string what, Func<Dictionary<string, Tensor>> read)
    {
        try { return read(); }
        catch (Exception e) when (e is not (FewshotException or OutOfMemoryException))
        {
            throw new FewshotException($"'{path}' could not be read as {what} ({e.Message.TrimEnd('.')}). Save the model's " +
                                       "state_dict (torch.save(model.state_dict(), path)), not the whole model.", e);
        }
    }

    static Dictionary<string, Tensor> Tensors(Hashtable table)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Value is not Tensor tensor)
                throw new InvalidDataException($"'{entry.Key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor");
            tensors[(string)entry.Key] = tensor;
        }
        return tensors;
    }
}
