using Fewshot.Export;
using Fewshot.Training;

namespace Fewshot.Cli.Commands;

/// <summary>The machine-readable result of `fewshot train --json`.</summary>
sealed record TrainingJson(
    IReadOnlyList<string> Classes,
    int ValidCorrect,
    int ValidTotal,
    double Accuracy,
    double AccuracyLow95,
    double AccuracyHigh95,
    double Seconds,
    bool Interrupted,
    IReadOnlyList<TrainingJson.Row> Epochs,
    IReadOnlyList<string> Files)
{
    public sealed record Row(int Stage, int Epoch, double TrainLoss, double ValidLoss, double ErrorRate, double Seconds);

    public static TrainingJson From(RecipeResult result, TimeSpan elapsed)
    {
        var accuracy = result.Validation.Accuracy;
        var (low, high) = accuracy.Wilson95;
        return new TrainingJson(result.Learner.Data.Classes, accuracy.Successes, accuracy.Total, accuracy.Value, low, high,
            elapsed.TotalSeconds, result.Cancelled,
            result.Learner.History.Select(e => new Row(e.Stage, e.Epoch, e.TrainLoss, e.ValidLoss, e.ErrorRate, e.Elapsed.TotalSeconds)).ToList(),
            result.WrittenFiles);
    }
}
