using System.Text.Json.Serialization;
using Fewshot.Export;

namespace Fewshot.People;

/// <summary>
/// The people-specific part of a model manifest (<c>Kind = "people"</c>): which features the head reads, how
/// faces were cut out, and the unknown-face threshold. The weights hold the head and the training faces'
/// 128-d descriptors (never the photos).
/// </summary>
public sealed record PeopleSpec
{
    /// <summary>
    /// The people format this code writes: 2 records the face search's padding and the unknown check, which then
    /// applies to whole-photo stand-ins too. Files of format 1 load and predict as they did (<see cref="PeopleSpecFormat"/>).
    /// </summary>
    public const int FormatVersion = 2;

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
    /// <summary>How faces were cut out (older files, which name it otherwise, are read by <see cref="PeopleSpecFormat"/>).</summary>
    public Faces.FaceAlignment Alignment { get; init; }
    /// <summary>
    /// Share of a faceless photo's longer side added as a grey border on every side before it is searched again
    /// (absent in older files: 0, searched once).
    /// </summary>
    public float Padding { get; init; }
    /// <summary>Length of the head's input vector.</summary>
    public required int Dimension { get; init; }
    /// <summary>Training faces kept as descriptors for the unknown check.</summary>
    public required int GallerySize { get; init; }
    /// <summary>A face farther than this from every training face is "unknown" (null: never).</summary>
    public float? UnknownDistance { get; init; }
    /// <summary>
    /// How <see cref="UnknownDistance"/> was set and how it did in leave-persons-out on the training faces. Absent in
    /// files of the first people format, whose whole-photo stand-ins were named without the distance check.
    /// </summary>
    public UnknownSpec? Unknown { get; init; }
    /// <summary>
    /// A file of the first people format (no recorded unknown check): whole-photo stand-ins are named without the distance
    /// check, and a photo without a face under "exclude" is unknown whatever the features. Set by
    /// <see cref="PeopleSpecFormat.Read(ModelManifest, string)"/> from the manifest's format version.
    /// </summary>
    [JsonIgnore]
    public bool IsFirstFormat { get; init; }
    /// <summary>
    /// Classes of many different people ("everyone else", <see cref="People.RestClasses"/>): a face far from every named
    /// person is answered with the likeliest of them instead of "unknown". Empty in older files.
    /// </summary>
    public IReadOnlyList<string> RestClasses { get; init; } = [];
    /// <summary>The face models the descriptors come from.</summary>
    public string FaceModels { get; init; } = $"{Faces.FaceModelStore.PackageName}@{Faces.FaceModelStore.PackageVersion}";
    /// <summary>Short side photos are decoded at before detection.</summary>
    public int DecodeMinSide { get; init; } = PeopleData.DecodeMinSide;
    /// <summary>Cross-validated accuracy (%) of each kind of features on the training photos.</summary>
    public IReadOnlyDictionary<string, double>? CrossValidation { get; init; }
    public int TrainFacesMissed { get; init; }
}

/// <summary>The unknown check's setting (auto, off or a fixed distance) and its leave-persons-out counts.</summary>
public sealed record UnknownSpec(string Setting, int StrangersRejected, int Strangers, int KnownKept, int Known);
