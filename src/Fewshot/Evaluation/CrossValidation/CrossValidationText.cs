using System.Globalization;
using System.Text;

namespace Fewshot.Evaluation.CrossValidation;

/// <summary>The plain-text summary of a cross-validation: accuracies, comparisons, confusion matrix, likely mislabels.</summary>
public static class CrossValidationText
{
    public static string Format(CrossValidationResult result, int top = 10)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        foreach (var outcome in result.Outcomes)
        {
            text.AppendLine(c, $"{outcome.Recipe,-10} out-of-fold accuracy {outcome.Accuracy}   ({outcome.Elapsed.TotalSeconds:F0}s)");
            if (outcome.Repeats.Count > 1)
                text.AppendLine(c, $"{"",-10} per repeat: {string.Join(", ", outcome.RepeatAccuracies.Select(a => (100 * a.Value).ToString("0.0", c) + "%"))}; mean {100 * outcome.MeanAccuracy:0.0}%");
        }
        foreach (var comparison in result.Comparisons)
        {
            var verdict = comparison.Significant ? "a real difference (p < 0.05)" : "not distinguishable from noise (p ≥ 0.05)";
            text.AppendLine(c, $"{comparison.A} vs {comparison.B}: {comparison.OnlyA} photos only {comparison.A} got right, " +
                               $"{comparison.OnlyB} only {comparison.B}; McNemar p = {comparison.PValue:0.###}: {verdict}");
        }
        foreach (var outcome in result.Outcomes)
        {
            text.AppendLine();
            text.AppendLine(c, $"{outcome.Recipe}: out-of-fold confusion matrix");
            text.Append(outcome.Matrix.ToText());
            text.AppendLine(c, $"{outcome.Recipe}: highest out-of-fold losses (likely mislabels or odd photos)");
            var ranked = outcome.ByLoss();
            for (int i = 0; i < Math.Min(top, ranked.Count); i++)
            {
                var r = ranked[i];
                text.AppendLine(c, $"{i + 1,3}. loss {r.Loss,6:F2}  labelled {result.Classes[r.Actual]}, predicted {result.Classes[r.Predicted]} ({r.PredictedProbability:0.00})  {r.Path}");
            }
        }
        return text.ToString();
    }
}
