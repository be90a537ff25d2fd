using Fewshot.Training;

namespace Fewshot.Evaluation;

/// <summary>The photos the model got most wrong (or was least sure of), as fastai's top_losses.</summary>
public static class TopLosses
{
    /// <summary>The <paramref name="count"/> records with the largest loss, largest first; ties keep input order.</summary>
    public static IReadOnlyList<PredictionRecord> Rank(IEnumerable<PredictionRecord> records, int count)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return records.OrderByDescending(record => record.Loss).Take(count).ToArray();
    }
}
