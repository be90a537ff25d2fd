using Fewshot.Evaluation.CrossValidation;

namespace Fewshot.Cli.Json;

/// <summary>`fewshot cv --json`: each recipe's out-of-fold accuracy and likeliest mislabels, and McNemar's tests between them.</summary>
sealed record CvJson(IReadOnlyList<string> Classes, int Photos, int Folds, int Repeats, IReadOnlyList<CvJson.Recipe> Recipes,
    IReadOnlyList<CvJson.Comparison> Comparisons)
{
    public sealed record Recipe(string Name, string Description, ProportionJson Accuracy, IReadOnlyList<double> RepeatAccuracies,
        double Seconds, IReadOnlyList<ScoredPhotoJson> HighestLoss);
    public sealed record Comparison(string A, string B, int OnlyA, int OnlyB, double PValue);

    public static CvJson From(CrossValidationResult result, int top) => new(result.Classes, result.Items.Count, result.Folds,
        result.Outcomes.Count == 0 ? 0 : result.Outcomes[0].Repeats.Count,
        result.Outcomes.Select(o => new Recipe(o.Recipe, o.Description, ProportionJson.From(o.Accuracy),
            o.RepeatAccuracies.Select(a => a.Value).ToList(), o.Elapsed.TotalSeconds,
            o.ByLoss().Take(top).Select(r => ScoredPhotoJson.From(r, result.Classes)).ToList())).ToList(),
        result.Comparisons.Select(c => new Comparison(c.A, c.B, c.OnlyA, c.OnlyB, c.PValue)).ToList());
}
