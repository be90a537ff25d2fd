using Fewshot.Faces;
using Fewshot.Training;

namespace Fewshot.People;

/// <summary>Which features describe a person: the face's identity descriptor, the whole photo, or both.</summary>
public enum PeopleFeatures { Auto, Face, Scene, Both }

/// <summary>What to do with a photo in which no face is found.</summary>
public enum NoFacePolicy
{
    /// <summary>Use the whole photo as the face (right for pre-cropped face sets).</summary>
    Whole,
    /// <summary>
    /// Leave the photo out of training by its face and, when the model names faces, answer "unknown" for a new photo
    /// without one (it is still reported). Scene features need no face and keep such photos.
    /// </summary>
    Exclude,
    /// <summary>
    /// Decided from the training photos: <see cref="Whole"/> when they are face crops (at least half of them show a face,
    /// and the median face covers at least <see cref="PeopleOptions.FaceCropShare"/> of its photo), else
    /// <see cref="Exclude"/>: in a full scene the whole photo says nothing about who is in it.
    /// </summary>
    Auto,
}

/// <summary>Which face names a photo that shows several.</summary>
public enum FaceChoice
{
    /// <summary>The largest face.</summary>
    Largest,
    /// <summary>Of the large faces (at least a quarter of the largest's area), the one nearest a training face.</summary>
    Known,
    /// <summary>Of the large faces, the one the trained head names with the highest probability.</summary>
    Confident,
}

/// <summary>How the head on the cached features is trained.</summary>
public enum PeopleClassifier
{
    /// <summary>L2-regularised logistic regression on standardised features, the penalty chosen by cross-validation.</summary>
    Logistic,
    /// <summary>Batch norm → dropout → linear trained with the one-cycle loop for <see cref="PeopleOptions.Epochs"/> epochs.</summary>
    OneCycle,
}

/// <summary>People mode's knobs; the defaults are what the benchmarks in bench/README.md used.</summary>
public sealed record PeopleOptions
{
    public PeopleFeatures Features { get; init; } = PeopleFeatures.Auto;
    public NoFacePolicy NoFace { get; init; } = NoFacePolicy.Auto;
    /// <summary>
    /// Under <see cref="NoFacePolicy.Auto"/>, training photos whose median face covers at least this share of the photo's
    /// area are face crops (bench/README.md, "Photos without a face": face sets 0.3 and more, scene sets 0.07).
    /// </summary>
    public const double FaceCropShare = 0.15;
    /// <summary>Share of the face box added on every side before cropping (<see cref="FaceAlignment.Detector"/>).</summary>
    public float Margin { get; init; } = 0.1f;
    /// <summary>How faces are cut out: a chip turned and scaled by the eyes (default), the landmarks' box, or the detector's box.</summary>
    public FaceAlignment Alignment { get; init; } = FaceAlignment.Chip;
    /// <summary>
    /// A photo in which no face is found is searched again with a grey border of this share of its longer side on every
    /// side (the detectors miss many faces that fill a tight crop); 0 searches each photo once.
    /// </summary>
    public float Padding { get; init; } = 0.5f;
    /// <summary>
    /// Other large faces embedded per training photo; training uses, in each photo, the face that best matches its
    /// class (0: always the largest face). Validation and prediction pick among the same large faces by <see cref="FaceChoice"/>.
    /// </summary>
    public int OtherTrainingFaces { get; init; } = 2;
    /// <summary>Describe a face by the average of its crop's and its mirror image's descriptors.</summary>
    public bool MirrorAverage { get; init; } = true;
    /// <summary>Which face of a validation or new photo is classified when it shows several.</summary>
    public FaceChoice FaceChoice { get; init; } = FaceChoice.Confident;
    public PeopleClassifier Classifier { get; init; } = PeopleClassifier.Logistic;
    /// <summary>Candidate L2 penalties (λ) of the logistic head; cross-validation picks one with the features.</summary>
    public IReadOnlyList<double> Penalties { get; init; } = [0.3, 1, 3];
    /// <summary>Views of each training photo whose features are computed once: the photo, its mirror, and jittered copies.</summary>
    public int Views { get; init; } = 4;
    public int Epochs { get; init; } = 20;
    public double LearningRate { get; init; } = 1e-2;
    public int BatchSize { get; init; } = 16;
    /// <summary>Folds of the cross-validation that picks the features (when <see cref="Features"/> is Auto) and the penalty.</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Repeats of that cross-validation, each with other folds; every candidate is scored on the same folds.</summary>
    public int Repeats { get; init; } = 5;
    /// <summary>
    /// A more complex choice (features, or a smaller penalty) must beat the simplest by more than this many standard
    /// errors of their paired difference (<see cref="Evaluation.OneStandardErrorRule"/>).
    /// </summary>
    public double StandardErrors { get; init; } = 1;
    public int Seed { get; init; }
    /// <summary>When a face is "unknown": beyond a distance calibrated by leave-persons-out (auto), never (off), or a fixed distance.</summary>
    public UnknownSetting Unknown { get; init; } = UnknownSetting.Auto;
    public string SceneBackbone { get; init; } = Models.BackboneRegistry.DefaultId;
    /// <summary>How photos are decoded (the decompression-bomb guard's pixel limit).</summary>
    public Imaging.DecodeOptions Decode { get; init; } = Imaging.DecodeOptions.Default;
    public LearnerOptions Learner { get; init; } = new() { BatchNorm = BatchNormMode.Frozen };

    public void Validate()
    {
        if (Margin is < 0 or > 1) throw new FewshotException($"The face margin must be between 0 and 1 (got {Margin}).");
        if (Padding is < 0 or > 2) throw new FewshotException($"The face-search padding must be between 0 and 2 (got {Padding}).");
        if (Views < 1) throw new FewshotException($"People mode needs at least one view per photo (got {Views}).");
        if (Epochs < 1) throw new FewshotException($"People mode needs at least one epoch (got {Epochs}).");
        if (Folds < 2) throw new FewshotException($"Cross-validation needs at least 2 folds (got {Folds}).");
        if (Repeats < 1) throw new FewshotException($"Cross-validation needs at least one repeat (got {Repeats}).");
        if (!(StandardErrors >= 0) || double.IsInfinity(StandardErrors))
            throw new FewshotException($"The choice's margin in standard errors must be 0 or more (got {StandardErrors}).");
        if (BatchSize < 2) throw new FewshotException($"The batch size must be at least 2 (got {BatchSize}).");
        if (Classifier == PeopleClassifier.Logistic && (Penalties.Count == 0 || Penalties.Any(p => !(p > 0) || double.IsInfinity(p))))
            throw new FewshotException("The logistic head needs at least one positive, finite penalty.");
    }
}
