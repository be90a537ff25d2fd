using Fewshot.Training;

namespace Fewshot.People;

/// <summary>
/// A people head fitted on one kind of features over all training photos, with its gallery of training faces and the
/// unknown-face distance, scored on the validation photos as new photos would be: each one's face picked among its
/// large faces with the trained head.
/// </summary>
public sealed record PeopleFit(PeopleModel Model, PeopleFeatures Kind, double? Penalty, UnknownCalibration Unknown, StageResult Stage,
    ValidationReport Validation, PeopleData Data, IReadOnlyList<PersonPhoto> ExcludedValid)
{
    /// <summary>Classes of many different people (<see cref="RestClasses"/>), where a face far from every named person goes.</summary>
    public IReadOnlyList<int> RestClasses { get; init; } = [];

    /// <param name="options">Its <see cref="PeopleOptions.NoFace"/> must be decided (not Auto).</param>
    /// <param name="crossValidated">The candidate's cross-validation, which says which training photos are named right
    /// (all of them when null).</param>
    public static PeopleFit Run(PeopleData data, PeopleOptions options, PeopleFeatures kind, double? penalty,
        CandidateScore? crossValidated = null, Action<EpochResult>? epochEnded = null, CancellationToken cancel = default)
    {
        if (options.NoFace == NoFacePolicy.Auto) throw new ArgumentException("decide the no-face policy first (PeopleData.Resolve)", nameof(options));
        Runtime.NativeRuntime.EnsureLoaded();
        var trainIndices = Enumerable.Range(0, data.Train.Count).Where(i => FeatureRows.Eligible(data.Train[i], kind, options.NoFace)).ToList();
        var validIndices = Enumerable.Range(0, data.Valid.Count).Where(i => FeatureRows.Eligible(data.Valid[i], kind, options.NoFace)).ToList();
        var train = FeatureRows.Build(data.Train, trainIndices, kind, options.Views);

        var gallery = Enumerable.Range(0, data.Train.Count).Where(i => data.Train[i].FaceFound).ToList();
        var galleryDescriptors = gallery.Select(i => data.Train[i].Face!.Descriptors[0]).ToList();
        var galleryLabels = gallery.Select(i => (long)data.Train[i].Label).ToArray();
        var rest = People.RestClasses.Find(galleryDescriptors, galleryLabels, data.Classes.Count);
        var unknown = Calibrate(options.Unknown, galleryDescriptors, galleryLabels, NamedRight(gallery, crossValidated), rest);

        TorchSharp.torch.manual_seed(options.Seed);
        var model = new PeopleModel(train.Dimension, data.Classes.Count, galleryDescriptors.SelectMany(d => d).ToArray(), galleryLabels);
        try
        {
            var validPaths = data.Valid.Select(p => p.Path).ToList();
            var unchosen = data;
            PeopleData ChooseValidFaces() => unchosen.WithValidFaces(photo => FacePicking.Choose(photo.Face!, options.FaceChoice,
                model.NearestDistance, model.head, kind, photo.Scene?[0]));
            ValidationReport Validate() =>
                FeatureRows.Build(ChooseValidFaces().Valid, validIndices, kind, 1).Evaluate(model.head, validPaths, data.Classes.Count);
            var stage = HeadTrainer.Fit(model.head, train, data.Classes.Count, options, penalty, Validate, epochEnded, cancel);
            var chosen = ChooseValidFaces();
            var validation = FeatureRows.Build(chosen.Valid, validIndices, kind, 1).Evaluate(model.head, validPaths, data.Classes.Count);
            var excluded = Enumerable.Range(0, data.Valid.Count).Except(validIndices).Select(i => chosen.Valid[i]).ToList();
            return new PeopleFit(model, kind, penalty, unknown, stage, validation, chosen, excluded) { RestClasses = rest };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>What the model file records of this fit, made with <paramref name="options"/>.</summary>
    public PeopleSpec Spec(PeopleOptions options, IReadOnlyDictionary<PeopleFeatures, Proportion>? crossValidated = null) => new()
    {
        Features = Kind,
        NoFace = options.NoFace,
        Margin = options.Margin,
        Alignment = options.Alignment,
        Padding = options.Padding,
        MirrorAverage = options.MirrorAverage,
        FaceChoice = options.FaceChoice,
        Classifier = options.Classifier,
        Penalty = Penalty,
        Dimension = Model.head.Inputs,
        GallerySize = (int)Model.galleryLabels.shape[0],
        UnknownDistance = Unknown.IsNever ? null : Unknown.Distance,
        Unknown = new UnknownSpec(options.Unknown.ToString(), Unknown.StrangersRejected.Successes, Unknown.StrangersRejected.Total,
            Unknown.KnownKept.Successes, Unknown.KnownKept.Total),
        RestClasses = RestClasses.Select(c => Data.Classes[c]).ToList(),
        CrossValidation = crossValidated?.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => Math.Round(100 * p.Value.Value, 2)),
        TrainFacesMissed = Data.Train.Count(p => !p.FaceFound),
    };

    static UnknownCalibration Calibrate(UnknownSetting setting, List<float[]> descriptors, long[] labels, bool[] named, IReadOnlyList<int> rest)
    {
        if (setting.Mode == UnknownMode.Off) return UnknownCalibration.Never;
        var lpo = new LeavePersonsOut(descriptors, labels, named, rest);
        return setting.Mode == UnknownMode.Distance ? lpo.At(setting.Distance) : lpo.Choose();
    }

    /// <summary>Per gallery photo: whether its held-out prediction was right in most repeats of the cross-validation.</summary>
    static bool[] NamedRight(List<int> gallery, CandidateScore? crossValidated)
    {
        if (crossValidated is null) return gallery.Select(_ => true).ToArray();
        var score = crossValidated.Photos.Select((photo, k) => (photo, k)).ToDictionary(x => x.photo, x => crossValidated.PhotoScores[x.k]);
        return gallery.Select(i => !score.TryGetValue(i, out var s) || s >= 0.5).ToArray();
    }
}
