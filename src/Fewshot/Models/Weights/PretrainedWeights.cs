using static TorchSharp.torch;

namespace Fewshot.Models.Weights;

/// <summary>
/// Loads a weights file into a body all or nothing: every body tensor must be in the file with its shape, and the file
/// may hold nothing else but the classifier the body leaves out. Otherwise the file is refused, before any tensor is
/// copied, naming the first tensors that differ.
/// </summary>
public static class PretrainedWeights
{
    const int Named = 3;

    public static void Load(Backbone body, string path)
    {
        var found = StateDictFile.Read(path);
        try
        {
            var expected = body.state_dict();
            if (Differences(expected, found, body.Info) is { Count: > 0 } differences)
                throw new FewshotException(
                    $"'{path}' does not hold {body.Info.Id}'s weights: {differences.Count} tensor(s) differ, first " +
                    $"{string.Join("; ", differences.Take(Named))}. Give a state_dict of torchvision's {body.Info.Architecture} " +
                    "(with or without its classifier).");
            using var _ = no_grad();
            foreach (var (name, tensor) in expected)
                if (found.TryGetValue(name, out var value)) tensor.copy_(value);
        }
        finally
        {
            foreach (var tensor in found.Values) tensor.Dispose();
        }
    }

    static List<string> Differences(IDictionary<string, Tensor> expected, Dictionary<string, Tensor> found, BackboneInfo info)
    {
        var differences = new List<string>();
        foreach (var (name, tensor) in expected)
        {
            if (!found.TryGetValue(name, out var value))
            {
                // A batch-norm's counter, which PyTorch before 0.4.1 did not save, is not a weight.
                if (!name.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                    differences.Add($"{name}: expected {Shape(tensor)}, missing");
            }
            else if (!tensor.shape.SequenceEqual(value.shape))
                differences.Add($"{name}: expected {Shape(tensor)}, found {Shape(value)}");
        }
        // The file's own order is lost in reading it: its extra tensors are named in name order.
        foreach (var (name, value) in found.OrderBy(t => t.Key, StringComparer.Ordinal))
            if (!expected.ContainsKey(name) && !(info.ClassifierPrefix is { } classifier && name.StartsWith(classifier, StringComparison.Ordinal)))
                differences.Add($"{name}: not in {info.Id}, found {Shape(value)}");
        return differences;
    }

    static string Shape(Tensor tensor) => "[" + string.Join(", ", tensor.shape) + "]";
}
