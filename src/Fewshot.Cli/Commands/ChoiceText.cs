using System.Globalization;
using Fewshot.People;

namespace Fewshot.Cli.Commands;

/// <summary>How people mode chose its features, as printed: each kind's accuracy, the paired margin, the rule and the decision.</summary>
static class ChoiceText
{
    public static IEnumerable<string> Lines(FeatureChoice choice, bool forced)
    {
        var simplest = choice.Kinds[0];
        yield return $"Cross-validated accuracy on the training photos ({choice.Repeats} × {choice.Folds}-fold, the same folds for each):";
        foreach (var score in choice.Kinds)
        {
            var line = $"  {Name(score.Kind),-6} {score.Proportion}" + (score.Penalty is { } p ? Invariant($", L2 penalty {p}") : "");
            if (score != simplest)
            {
                var margin = choice.MarginOverSimplest(score.Kind);
                line += Invariant($"; {100 * margin.Mean:+0.0;-0.0;0.0} points over {Name(simplest.Kind)} ± {100 * margin.StandardError:0.0} (1 SE, paired)");
            }
            yield return line;
        }
        if (forced)
        {
            yield return $"Features: {Name(choice.Chosen)} (forced by --features)";
            yield break;
        }
        yield return Invariant($"Rule: the simplest kind ({string.Join(", ", choice.Kinds.Select(k => Name(k.Kind)))}) within ") +
                     Invariant($"{choice.StandardErrors:0.#} standard error(s) of the best, the error of their paired difference.");
        var best = choice.Kinds.MaxBy(k => k.Accuracy)!;
        var chosen = choice.Score(choice.Chosen);
        yield return chosen == best
            ? chosen == simplest
                ? $"Features: {Name(choice.Chosen)} (the best in cross-validation)"
                : Invariant($"Features: {Name(choice.Chosen)} (the best in cross-validation, ahead of each simpler kind by more than the noise; ") +
                  Invariant($"of {Name(simplest.Kind)} by {choice.MarginOverSimplest(choice.Chosen).InStandardErrors:0.0} standard errors)")
            : $"Features: {Name(choice.Chosen)} ({Name(best.Kind)} is ahead of it by less than the noise)";
    }

    static string Name(PeopleFeatures kind) => kind.ToString().ToLowerInvariant();

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
