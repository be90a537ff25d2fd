using Fewshot.Evaluation;
using Evaluation = Fewshot.Evaluation;
using Fewshot.Export;
using Fewshot.People;
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
/// <param name="Kind">"image" or "people", as in the model file.</param>
/// <param name="Notes">Facts about this training worth a line on the page (people mode: features chosen, faces missed).</param>
/// <param name="Fingerprint">The <see cref="DataFingerprint"/> of the classes and photos trained on (null in results of older versions).</param>
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
    double Seconds,
    string Kind = ModelManifest.ImageKind,
    IReadOnlyList<string>? Notes = null,
    string? Fingerprint = null)
{
    public const int TopLossCount = 8;

    /// <summary>The loss curve the page drew while it trained (null in results of older versions).</summary>
    public LossCurve? Curve { get; init; }

    /// <summary>How long computing the features took, before the first epoch: image mode's frozen body, people mode's faces.</summary>
    public double? FeatureSeconds { get; init; }

    /// <summary>Set when the project's classes or photos changed after this training: what the page says about it.</summary>
    public string? Stale { get; init; }

    /// <summary>These results, saying whether the project still has the classes and photos they were trained on.</summary>
    public TrainingResults For(Project project) => this with
    {
        Stale = Fingerprint is null || Fingerprint == DataFingerprint.Of(project) ? null
            : $"The classes or photos changed after this training (it used {TrainImages + ValidImages} photos; the project now has " +
              $"{project.Images.Count}): train again to include the change.",
    };

    public static TrainingResults From(RecipeResult result, Project project, TrainingSettings settings, double seconds)
    {
        var data = result.Learner.Data;
        return Build(project, settings, data.Classes, result.Validation, data.Train.Count, data.Valid.Count,
            result.Learner.History, data.Warnings, seconds, ModelManifest.ImageKind, null);
    }

    public static TrainingResults From(PeopleLearner learner, Project project, TrainingSettings settings, double seconds)
    {
        var spec = learner.Spec;
        var notes = new List<string>
        {
            $"Features: {spec.Features.ToString().ToLowerInvariant()} (chosen by cross-validation: " +
            string.Join(", ", learner.Choice.CrossValidated.Select(p => $"{p.Key.ToString().ToLowerInvariant()} {p.Value}")) + ")" +
            (spec.Penalty is { } penalty ? FormattableString.Invariant($"; logistic head, L2 penalty {penalty}.") : "."),
            $"No face found in {learner.TrainFacesMissed} training and {learner.ValidFacesMissed} validation photos " +
            (spec.NoFace == NoFacePolicy.Exclude
                ? "(they were left out of training; a new photo without a face is answered \"unknown\")."
                : "(the whole photo was used in place of the face)."),
            spec.UnknownDistance is { } limit
                ? $"A face farther than {limit:F3} from every training face is called \"unknown\"."
                : "No \"unknown\" threshold: no class has two faces.",
        };
        return Build(project, settings, learner.Data.Classes, learner.Validation, learner.Data.Train.Count, learner.Data.Valid.Count,
            learner.Stage.Epochs, learner.Data.Warnings, seconds, ModelManifest.PeopleKind, notes);
    }

    static TrainingResults Build(Project project, TrainingSettings settings, IReadOnlyList<string> classes, ValidationReport validation,
        int trainImages, int validImages, IEnumerable<EpochResult> epochs, IEnumerable<string> warnings, double seconds, string kind,
        IReadOnlyList<string>? notes)
    {
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
        return new TrainingResults(DateTimeOffset.UtcNow, settings, classes.ToList(), trainImages, validImages,
            AccuracyView.From(validation.Accuracy), confusion, top, epochs.Select(EpochView.From).ToList(),
            warnings.ToList(), seconds, kind, notes, DataFingerprint.Of(project));
    }
}
