using TorchSharp.Modules;

namespace Fewshot.Training;

/// <summary>AdamW's state (moments, step counts) as bytes, for a resume checkpoint, and back.</summary>
static class OptimizerState
{
    public static byte[] Save(AdamW optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return buffer.ToArray();
    }

    public static void Load(AdamW optimizer, byte[] state)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new FewshotException("The resume checkpoint's optimiser state does not fit this model (" + e.Message + "). " +
                                       "Delete the checkpoint and train again without --resume.");
        }
    }
}
