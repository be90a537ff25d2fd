using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>A module's parameters and buffers as bytes (TorchSharp's state-dict format), and back.</summary>
public static class ModelWeights
{
    public static byte[] ToBytes(nn.Module module)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
            module.save(writer);
        return memory.ToArray();
    }

    public static void Load(nn.Module module, byte[] weights, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(weights));
            module.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            throw new FewshotException($"The weights in '{source}' do not fit this model ({e.Message}). " +
                                       "Was it made for another backbone or number of classes?", e);
        }
    }
}
