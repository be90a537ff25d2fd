using System.Text.Json.Serialization;

namespace Fewshot.People;

/// <summary>
/// The people-specific part of a model manifest (<c>Kind = "people"</c>): which features the head reads, how
/// faces were cut out, and the unknown-face threshold. The weights hold the head and the training faces'
/// 128-d descriptors (never the photos).
/// </summary>
public sealed record PeopleSpec
{
    public required PeopleFeatures Features { get; init; }
    public required NoFacePolicy NoFace { get; init; }
    public required float Margin { get; init; }
    /// <summary>Which face of a photo with several is classified (absent in older files: the largest).</summary>
    public FaceChoice FaceChoice { get; init; }
    /// <summary>How the head was trained (absent in older files: one-cycle).</summary>
    public PeopleClassifier Classifier { get; init; } = PeopleClassifier.OneCycle;
    /// <summary>The logistic head's L2 penalty, chosen by cross-validation (null: one-cycle head).</summary>
    public double? Penalty { get; init; }
    /// <summary>The plain descriptor averages the face's and its mirror image's (absent in older files: false).</summary>
    public bool MirrorAverage { get; init; }
    /// <summary>How faces were cut out (absent in older files: see <see cref="Align"/>).</summary>
    public Faces.FaceAlignment? Alignment { get; init; }
    /// <summary>Older files only: true when faces were cut out along their landmarks' box.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Align { get; init; }
    /// <summary>
    /// Older files only: landmark boxes turned so the eyes were level, an option since replaced by the chip.
    /// Such a model cannot be reproduced; <see cref="PeoplePredictor"/> refuses it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Rotate { get; init; }
    /// <summary>How this model's faces are cut out, for files of any age.</summary>
    [JsonIgnore]
    public Faces.FaceAlignment EffectiveAlignment => Alignment ?? (Align ? Faces.FaceAlignment.Landmarks : Faces.FaceAlignment.Detector);
    /// <summary>Length of the head's input vector.</summary>
    public required int Dimension { get; init; }
    /// <summary>Training faces kept as descriptors for the unknown check.</summary>
    public required int GallerySize { get; init; }
    /// <summary>A face farther than this from every training face is "unknown" (null: never).</summary>
    public float? UnknownDistance { get; init; }
    public double UnknownQuantile { get; init; }
    /// <summary>The face models the descriptors come from.</summary>
    public string FaceModels { get; init; } = $"{Faces.FaceModelStore.PackageName}@{Faces.FaceModelStore.PackageVersion}";
    /// <summary>Short side photos are decoded at before detection.</summary>
    public int DecodeMinSide { get; init; } = PeopleData.DecodeMinSide;
    /// <summary>Cross-validated accuracy (%) of each kind of features on the training photos.</summary>
    public IReadOnlyDictionary<string, double>? CrossValidation { get; init; }
    public int TrainFacesMissed { get; init; }
}
