using Fewshot.Evaluation;

namespace Fewshot.Cli.Json;

/// <summary>`fewshot lr-find --json`: the sweep and its two suggestions.</summary>
sealed record LrFindJson(double Suggested, string Rule, double Steepest, bool Diverged, IReadOnlyList<double> Rates,
    IReadOnlyList<double> Losses, IReadOnlyList<double> Smoothed, string Plot)
{
    public static LrFindJson From(LrFinderResult result, string plot) => new(result.Suggested, LrFinderResult.Rule, result.Steepest,
        result.Diverged, result.Rates, result.Losses, result.Smoothed, plot);
}
