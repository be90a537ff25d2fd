using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Runtime;
using Fewshot.Training;

namespace Fewshot.People;

/// <summary>Callbacks of a people-mode run; all optional.</summary>
public sealed record PeopleProgress
{
    public Action<int, int>? Features { get; init; }
    public Action<FeatureChoice>? Chosen { get; init; }
    public Action<EpochResult>? EpochEnded { get; init; }
}

/// <summary>
/// People mode: tell people apart by their faces. Detects the large faces in each photo, embeds them with
/// face-api's recognition network (and/or takes the frozen ImageNet body's whole-photo features), computes
/// those features once per photo and view, picks the features (and the head's penalty) by cross-validation and
/// fits a logistic head on them (or trains one with the one-cycle loop). The result exports to a .fewshot file of kind "people".
/// </summary>
public sealed class PeopleLearner : IDisposable
{
    readonly FaceFeatureExtractor _faces;
    readonly SceneFeatureExtractor? _scenes;

    public PeopleData Data { get; }
    public PeopleOptions Options { get; }
    public FeatureChoice Choice { get; }
    public PeoplePipeline Pipeline { get; }
    public PeopleModel Model => Pipeline.Model;
    public PeopleSpec Spec => Pipeline.Spec;
    public StageResult Stage { get; }
    /// <summary>The unknown-face distance and how it did in leave-persons-out on the training faces.</summary>
    public UnknownCalibration Unknown { get; }
    /// <summary>The head's best guesses on the validation photos that took part (see <see cref="ExcludedValid"/>).</summary>
    public ValidationReport Validation { get; }
    /// <summary>What the model answers for every validation photo, "unknown" included (counted as wrong).</summary>
    public PeopleAnswers Answers { get; }
    /// <summary>Validation photos left out because no face was found and the policy is Exclude.</summary>
    public IReadOnlyList<PersonPhoto> ExcludedValid { get; }
    public int TrainFacesMissed => Data.Train.Count(p => !p.FaceFound);
    public int ValidFacesMissed => Data.Valid.Count(p => !p.FaceFound);

    PeopleLearner(FaceFeatureExtractor faces, SceneFeatureExtractor? scenes, PeopleData data, PeopleOptions options,
        FeatureChoice choice, PeoplePipeline pipeline, StageResult stage, UnknownCalibration unknown, ValidationReport validation,
        IReadOnlyList<PersonPhoto> excluded)
    {
        Unknown = unknown;
        Answers = PeopleAnswers.Of(data, pipeline);
        _faces = faces;
        _scenes = scenes;
        Data = data;
        Options = options;
        Choice = choice;
        Pipeline = pipeline;
        Stage = stage;
        Validation = validation;
        ExcludedValid = excluded;
    }

    public static PeopleLearner Train(string folder, PeopleOptions? options = null, double validPct = 0.2,
        PeopleProgress? progress = null, CancellationToken cancel = default)
    {
        options ??= new PeopleOptions();
        return Train(ImageFolder.Scan(folder, validPct, options.Seed), options, progress, cancel);
    }

    /// <summary>
    /// Every class needs a training photo the head can learn from: a readable one, and under "exclude" one with a
    /// face (unless only whole-photo features are used). A class without one could never be predicted.
    /// </summary>
    static void RequireTrainingPhotosPerClass(PeopleData data, PeopleOptions options)
    {
        bool needsFace = options.NoFace == NoFacePolicy.Exclude && options.Features != PeopleFeatures.Scene;
        var empty = data.Classes.Where((_, c) => !data.Train.Any(p => p.Label == c && (!needsFace || p.FaceFound))).ToList();
        if (empty.Count == 0) return;
        var classes = string.Join(", ", empty.Select(c => $"'{c}'"));
        throw new FewshotException(needsFace
            ? $"No face was found in any training photo of {classes}, and photos without a face are left out (--no-face exclude, " +
              "or auto on full-scene photos), so the class could not be learnt. Add photos where the face is visible, or use " +
              "--no-face whole if the photos are already face crops."
            : UnreadableExamples(data, empty) is { Length: > 0 } examples
                ? $"No training photo of {classes} could be read, for example: {examples} Add readable photos of the class, or remove its folder."
                : $"There is no training photo of {classes}. Add photos of the class, or remove its folder.");
    }

    /// <summary>One skipped photo's warning per class, without its "Skipped" prefix.</summary>
    static string UnreadableExamples(PeopleData data, IEnumerable<string> classes) =>
        string.Join(" ", classes.SelectMany(c => data.Warnings.Where(w => w.Contains($"{Path.DirectorySeparatorChar}{c}{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal)).Take(1)).Select(PeopleData.WithoutSkipped));

    public static PeopleLearner Train(DatasetSplit split, PeopleOptions? options = null, PeopleProgress? progress = null,
        CancellationToken cancel = default)
    {
        options ??= new PeopleOptions();
        options.Validate();
        progress ??= new PeopleProgress();
        NativeRuntime.EnsureLoaded();
        var faces = new FaceFeatureExtractor(options.Margin, alignment: options.Alignment, mirrorAverage: options.MirrorAverage,
            padding: options.Padding);
        var scenes = options.Features == PeopleFeatures.Face ? null : new SceneFeatureExtractor(options.SceneBackbone);
        try
        {
            var data = PeopleData.Compute(split, faces, scenes, options.Views, options.Seed, progress.Features, cancel, options.OtherTrainingFaces,
                options.Decode);
            options = options with { NoFace = data.Resolve(options.NoFace) };
            RequireTrainingPhotosPerClass(data, options);
            var choice = ChooseFeatures(data, options, progress, cancel);
            var fit = PeopleFit.Run(data, options, choice.Chosen, choice.Penalty, choice.Score(choice.Chosen), progress.EpochEnded, cancel);
            var pipeline = new PeoplePipeline(fit.Model, fit.Spec(options, choice.CrossValidated), fit.Data.Classes, faces, scenes,
                ownsExtractors: false);
            return new PeopleLearner(faces, scenes, fit.Data, options, choice, pipeline, fit.Stage, fit.Unknown, fit.Validation, fit.ExcludedValid);
        }
        catch
        {
            faces.Dispose();
            scenes?.Dispose();
            throw;
        }
    }

    /// <summary>The kind of features (and the head's penalty) to train on: the one asked for, or auto's choice by cross-validation.</summary>
    static FeatureChoice ChooseFeatures(PeopleData data, PeopleOptions options, PeopleProgress progress, CancellationToken cancel)
    {
        var kinds = options.Features == PeopleFeatures.Auto ? FeatureSelection.Candidates : [options.Features];
        var choice = FeatureSelection.Choose(data, options, kinds, cancel);
        progress.Chosen?.Invoke(choice);
        return choice;
    }

    /// <summary>The same answer the exported model gives for this photo.</summary>
    public PersonPrediction Predict(RgbImage image, string source = "") => Pipeline.Predict(image, source);

    public PersonPrediction Predict(string path) => Pipeline.Predict(path);

    /// <summary>Every face in the photo named, as the exported model names them.</summary>
    public IReadOnlyList<PersonPrediction> PredictEveryFace(RgbImage image, string source = "") => Pipeline.PredictEveryFace(image, source);

    /// <summary>The manifest of the exported model.</summary>
    public ModelManifest Manifest()
    {
        var backbone = Models.BackboneRegistry.Get(Options.SceneBackbone);
        var pre = backbone.Preprocessing;
        var validation = Validation.Accuracy;
        return new ModelManifest
        {
            FormatVersion = PeopleSpec.FormatVersion,
            Kind = ModelManifest.PeopleKind,
            Backbone = backbone.Id,
            Classes = Data.Classes.ToList(),
            Input = new InputSpec(backbone.DefaultSize, ResizeMethod.Crop, pre.Order, pre.Mean, pre.Std,
                (double)PeopleData.DecodeMinSide / backbone.DefaultSize),
            Training = new TrainingSummary(DateTimeOffset.UtcNow, Options.Seed, Data.Train.Count, validation.Total, validation.Successes,
                Stage.Epochs.Select(e => new EpochRow(e.Stage, e.Epoch, e.TrainLoss, e.ValidLoss, e.Accuracy.Value, e.Elapsed.TotalSeconds)).ToList()),
            Weights = new WeightsEntry("", "", 0),
            // Scene features come from the installed body at prediction time: record the weights they were computed with.
            BodyWeights = FeatureRows.UsesScene(Spec.Features) ? BodyWeightsEntry.Of(backbone) : null,
            People = PeopleSpecFormat.Write(Spec),
        };
    }

    /// <summary>Writes a .fewshot file of kind "people" that <see cref="PeoplePredictor"/> loads.</summary>
    public void Export(string path) => ModelFile.Write(path, Manifest(), ModelWeights.ToBytes(Model));

    public void Dispose()
    {
        Pipeline.Dispose();
        _faces.Dispose();
        _scenes?.Dispose();
    }
}
