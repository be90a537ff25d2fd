using System.Globalization;
using Fewshot.Training;

namespace Fewshot.Cli.Commands;

/// <summary>
/// `train --resume` continues the interrupted run with its own options. An option also given on the command line must
/// agree with the run's: one that does not would otherwise be ignored without a word (or, for --lr auto, run the finder
/// again and replace the run's rate).
/// </summary>
static class ResumeConflicts
{
    /// <param name="arguments">The command line as typed, to tell options given from options left at their default.</param>
    /// <returns>Each given option that disagrees, as "--size 128 (the run used 64)".</returns>
    public static List<string> Find(TrainSettings settings, IEnumerable<string> arguments, RecipeOptions run)
    {
        var given = arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.Split('=', ':')[0]).ToHashSet();
        var conflicts = new List<string>();
        void Check(string option, object asked, object used)
        {
            if (given.Contains(option) && !Equals(asked, used)) conflicts.Add($"{option} {Show(asked)} (the run used {Show(used)})");
        }
        var data = run.Data;
        Check("--size", settings.InputSize, data.Size);
        Check("--bs", settings.BatchSize, data.BatchSize);
        Check("--epochs", settings.Epochs, run.FrozenEpochs);
        Check("--unfreeze-epochs", settings.UnfreezeEpochs, run.UnfrozenEpochs);
        Check("--lr", (object?)settings.FrozenRate ?? "auto", run.FrozenLearningRate);
        Check("--lr2", settings.UnfrozenRates, run.UnfrozenLearningRates);
        Check("--resize", settings.Resize, data.Resize);
        Check("--valid-pct", settings.ValidPct, data.ValidPct);
        Check("--seed", settings.Seed, data.Seed);
        Check("--bn", settings.BatchNorm, run.Learner.BatchNorm);
        Check("--precision", settings.Precision, run.Learner.Precision);
        Check("--backbone", settings.Backbone, run.Backbone);
        Check("--weights", settings.Weights is null ? "" : Path.GetFullPath(settings.Weights), run.Weights ?? "");
        Check("--max-pixels", settings.MaxPixels, data.Decode.MaxPixels);
        Check("--keep-partial", settings.KeepPartial, data.Decode.KeepPartial);
        return conflicts;
    }

    static string Show(object value) => value switch
    {
        Enum e => e.ToString().ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
