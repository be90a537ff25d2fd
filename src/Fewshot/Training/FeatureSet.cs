using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>Feature vectors, one row per photo (N×D, row-major), with labels and the photos' indices.</summary>
public sealed record FeatureSet(float[] Values, int Dimension, long[] Labels, int[] Items)
{
    public int Count => Labels.Length;

    /// <summary>Shuffled batches of this set, last partial batch dropped (as in image training).</summary>
    public IEnumerable<TrainingBatch> ShuffledBatches(int batchSize, int seed, int epoch)
    {
        if (Count == 0) yield break;
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(unchecked(seed * 7919 + epoch)).Shuffle(order);
        batchSize = Math.Min(batchSize, Count);
        for (int start = 0; start + batchSize <= Count; start += batchSize)
        {
            var inputs = new float[batchSize * Dimension];
            var labels = new long[batchSize];
            for (int k = 0; k < batchSize; k++)
            {
                int row = order[start + k];
                Values.AsSpan(row * Dimension, Dimension).CopyTo(inputs.AsSpan(k * Dimension));
                labels[k] = Labels[row];
            }
            yield return new TrainingBatch(inputs, [batchSize, Dimension], labels);
        }
    }

    public static int BatchCount(int count, int batchSize) => Math.Max(1, count / Math.Min(batchSize, Math.Max(1, count)));

    /// <summary>Loss, accuracy and per-photo predictions of <paramref name="head"/> on these features.</summary>
    public ValidationReport Evaluate(nn.Module<Tensor, Tensor> head, IReadOnlyList<string> paths, int classCount)
    {
        head.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        if (Count == 0) return ValidationReport.None;
        var logits = head.call(tensor(Values).reshape(Count, Dimension));
        var target = tensor(Labels);
        double loss = nn.functional.cross_entropy(logits, target).item<float>();
        var probabilities = nn.functional.softmax(logits, 1).data<float>().ToArray();
        return ValidationReport.From(loss, probabilities, Labels, Items.Select(i => paths[i]).ToList(), classCount);
    }
}
