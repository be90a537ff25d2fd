using Fewshot.Evaluation;
using Evaluation = Fewshot.Evaluation;
using Fewshot.Training;
using Fewshot.Web.Projects;

namespace Fewshot.Web.Training;

public sealed record AccuracyView(int Correct, int Total, double Value, double Low, double High, string Text)
{
    public static AccuracyView From(Proportion p)
    {
        var (low, high) = p.Wilson95;
        return new AccuracyView(p.Successes, p.Total, p.Total == 0 ? 0 : p.Value, low, high, p.ToString());
    }
}

public sealed record EpochView(int Stage, int Epoch, int Epochs, double? TrainLoss, double? ValidLoss, AccuracyView Accuracy, double Seconds)
{
    public static EpochView From(EpochResult e) => new(e.Stage, e.Epoch, e.Epochs, Finite(e.TrainLoss), Finite(e.ValidLoss),
        AccuracyView.From(e.Accuracy), e.Elapsed.TotalSeconds);

    /// <summary>JSON has no NaN: a loss that could not be computed is sent as null.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

public sealed record TopLossView(string Hash, string Name, string Actual, string Predicted, double Probability, double Loss);

/// <summary>What the results panel shows after a training: saved as results.json beside the model.</summary>
public sealed record TrainingResults(
    DateTimeOffset TrainedAt,
    TrainingSettings Settings,
    IReadOnlyList<string> Classes,
    int TrainImages,
    int ValidImages,
    AccuracyView Accuracy,
    int[][] Confusion,
    IReadOnlyList<TopLossView> TopLosses,
    IReadOnlyList<EpochView> Epochs,
    IReadOnlyList<string> Warnings,
    double Seconds)
{
    public const int TopLossCount = 8;

    public static TrainingResults From(RecipeResult result, Project project, TrainingSettings settings, double seconds)
    {
        var learner = result.Learner;
        var classes = learner.Data.Classes;
        var validation = result.Validation;
        var matrix = new ConfusionMatrix(classes, validation.Predictions.Select(p => p.Actual).ToList(),
            validation.Predictions.Select(p => p.Predicted).ToList());
        var confusion = Enumerable.Range(0, classes.Count)
            .Select(a => Enumerable.Range(0, classes.Count).Select(p => matrix[a, p]).ToArray()).ToArray();
        var names = project.Images.GroupBy(i => i.Hash).ToDictionary(g => g.Key, g => g.First().Name);
        var top = Evaluation.TopLosses.Rank(validation.Predictions, TopLossCount).Select(r =>
        {
            var hash = Path.GetFileName(r.Path);
            return new TopLossView(hash, names.GetValueOrDefault(hash, "photo"), classes[r.Actual], classes[r.Predicted],
                r.PredictedProbability, r.Loss);
        }).ToList();
        return new TrainingResults(DateTimeOffset.UtcNow, settings, classes.ToList(), learner.Data.Train.Count, learner.Data.Valid.Count,
            AccuracyView.From(validation.Accuracy), confusion, top, learner.History.Select(EpochView.From).ToList(),
            learner.Data.Warnings.ToList(), seconds);
    }
}
