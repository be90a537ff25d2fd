using System.Globalization;
using Fewshot.Models;

namespace Fewshot.Evaluation.DataCheck;

public enum FindingKind { Unreadable, Damaged, Tiny, ExactDuplicate, NearDuplicate, ClassImbalance, OneSplitOnly, NoPhotos }

/// <summary>A problem in the data, with the files it concerns.</summary>
public sealed record DataCheckFinding(FindingKind Kind, string Message, IReadOnlyList<string> Paths);

/// <summary>One photo as the check saw it. Width and height are as decoded (large photos are decoded reduced; small ones never are).</summary>
public sealed record CheckedImage(string Path, string Split, string Class, int Width, int Height);

/// <summary>
/// Two photos that look the same. <see cref="HashSimilarity"/> is 1 − (differing pHash bits)/64; <see cref="Cosine"/> is the
/// cosine similarity of their centred backbone embeddings (null when embeddings were not computed).
/// </summary>
public sealed record DuplicatePair(CheckedImage A, CheckedImage B, bool Identical, double HashSimilarity, double? Cosine)
{
    public bool AcrossSplits => A.Split != B.Split;
    public bool AcrossClasses => A.Class != B.Class;

    /// <summary>What the pair is and why it matters, with its similarity; the check's message adds the two paths.</summary>
    public string Description
    {
        get
        {
            var what = Identical ? "Identical files" : "Near-duplicates";
            var where = (AcrossSplits, AcrossClasses) switch
            {
                (true, true) => " in different splits AND different classes",
                (true, false) => " in train and valid: the validation photo was seen in training, so accuracy is overstated",
                (false, true) => $" labelled as two different classes ({A.Class} and {B.Class})",
                _ => "",
            };
            var cosine = Cosine is { } c ? string.Create(CultureInfo.InvariantCulture, $", embedding cosine {c:0.000}") : "";
            return string.Create(CultureInfo.InvariantCulture, $"{what}{where} (pHash similarity {HashSimilarity:0.000}{cosine})");
        }
    }
}

/// <summary>A photo far from the centre of its class in embedding space (1 − cosine to the class mean).</summary>
public sealed record AtypicalImage(CheckedImage Image, int Rank, double Distance);

/// <summary>The data check's rules that `fewshot check`, `fewshot train` and the web page's warnings share.</summary>
public static class DataCheckRules
{
    /// <summary>Photos whose short side is below this many pixels are flagged as tiny (probably icons).</summary>
    public const int TinySide = 64;
    /// <summary>A split whose largest class has more than this many times the photos of its smallest is imbalanced.</summary>
    public const double ImbalanceRatio = 2;

    public static bool IsTiny(int shortSide, int tinySide = TinySide) => shortSide < tinySide;

    public static bool IsImbalanced(int most, int least, double ratio = ImbalanceRatio) => most > ratio * least;
}

public sealed record DataCheckOptions
{
    /// <summary>Photos whose short side is below this many pixels are flagged as tiny.</summary>
    public int TinySide { get; init; } = DataCheckRules.TinySide;
    /// <summary>Pairs whose pHashes differ in at most this many of 64 bits are near-duplicates.</summary>
    public int MaxHashDistance { get; init; } = 6;
    /// <summary>Pairs whose centred embeddings have at least this cosine similarity are near-duplicates.</summary>
    public double MinCosine { get; init; } = 0.95;
    /// <summary>A split whose largest class has more than this many times the photos of its smallest is imbalanced.</summary>
    public double ImbalanceRatio { get; init; } = DataCheckRules.ImbalanceRatio;
    public int AtypicalPerClass { get; init; } = 3;
    /// <summary>Compute backbone embeddings (near-duplicates by content, atypical photos); costs one forward pass per photo.</summary>
    public bool UseEmbeddings { get; init; } = true;
    public BackboneInfo Backbone { get; init; } = BackboneRegistry.Default;
    public int Size { get; init; } = BackboneRegistry.Default.DefaultSize;
    /// <summary>Photos already decoded for training (<see cref="Data.ImageData.Store"/>): the check reuses them instead of decoding again.</summary>
    public Data.ImageStore? Decoded { get; init; }
}

public sealed record DataCheckReport(string Root, IReadOnlyList<CheckedImage> Images, IReadOnlyList<DataCheckFinding> Findings,
    IReadOnlyList<DuplicatePair> Duplicates, IReadOnlyList<AtypicalImage> Atypical)
{
    public IEnumerable<DataCheckFinding> Of(FindingKind kind) => Findings.Where(f => f.Kind == kind);
}
