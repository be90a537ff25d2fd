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
    /// <summary>Leave the photo out of training and scoring (it is still reported).</summary>
    Exclude,
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
    public NoFacePolicy NoFace { get; init; } = NoFacePolicy.Whole;
    /// <summary>Share of the face box added on every side before cropping (<see cref="FaceAlignment.Detector"/>).</summary>
    public float Margin { get; init; } = 0.1f;
    /// <summary>How faces are cut out: a chip turned and scaled by the eyes (default), the landmarks' box, or the detector's box.</summary>
    public FaceAlignment Alignment { get; init; } = FaceAlignment.Chip;
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
    /// <summary>Folds of the cross-validation that picks the features when <see cref="Features"/> is Auto.</summary>
    public int Folds { get; init; } = 5;
    public int Seed { get; init; }
    /// <summary>Share of training faces that must fall within the "unknown" distance of another face of their class.</summary>
    public double UnknownQuantile { get; init; } = 0.95;
    public string SceneBackbone { get; init; } = Models.BackboneRegistry.DefaultId;
    /// <summary>How photos are decoded (the decompression-bomb guard's pixel limit).</summary>
    public Imaging.DecodeOptions Decode { get; init; } = Imaging.DecodeOptions.Default;
    public LearnerOptions Learner { get; init; } = new() { BatchNorm = BatchNormMode.Frozen };

    public void Validate()
    {
        if (Margin is < 0 or > 1) throw new FewshotException($"The face margin must be between 0 and 1 (got {Margin}).");
        if (Views < 1) throw new FewshotException($"People mode needs at least one view per photo (got {Views}).");
        if (Epochs < 1) throw new FewshotException($"People mode needs at least one epoch (got {Epochs}).");
        if (Folds < 2) throw new FewshotException($"Cross-validation needs at least 2 folds (got {Folds}).");
        if (BatchSize < 2) throw new FewshotException($"The batch size must be at least 2 (got {BatchSize}).");
        if (Classifier == PeopleClassifier.Logistic && (Penalties.Count == 0 || Penalties.Any(p => !(p > 0) || double.IsInfinity(p))))
            throw new FewshotException("The logistic head needs at least one positive, finite penalty.");
    }
}
