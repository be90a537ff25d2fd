using Fewshot.Imaging;

namespace Fewshot.Export;

/// <summary>What a .fewshot file says about itself; stored as manifest.json inside the zip.</summary>
public sealed record ModelManifest
{
    public const string FormatName = "fewshot-model";
    /// <summary>The newest format this code reads: 2 for people models since they record how faces are searched and
    /// when a face is unknown (People.PeopleSpec.FormatVersion); image models are still written as 1.</summary>
    public const int CurrentFormatVersion = 2;
    public const int ImageFormatVersion = 1;

    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = ImageFormatVersion;
    public string FewshotVersion { get; init; } = typeof(ModelManifest).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    /// <summary>"image" for a whole-image classifier, "people" for a people model (see <see cref="People"/>).</summary>
    public string Kind { get; init; } = ImageKind;
    public required string Backbone { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }
    public required InputSpec Input { get; init; }
    public TrainingSummary? Training { get; init; }
    public required WeightsEntry Weights { get; init; }
    /// <summary>The pretrained body weights training started from; absent in models made before bodies had a choice of weights.</summary>
    public BodyWeightsEntry? BodyWeights { get; init; }
    /// <summary>
    /// Set for people models only: their settings, as stored (People.PeopleSpecFormat reads them, for every people
    /// format); optional, so version-1 files without it still read.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? People { get; init; }

    public const string ImageKind = "image";
    public const string PeopleKind = "people";
}

/// <summary>How a photo becomes the model's input; predictors must follow it exactly.</summary>
/// <param name="DecodeSlack">How far above <see cref="DecodeMinSide"/> a decoded photo's short side may stay (ImageLoader's
/// minSideSlack); 1 in models saved before it was recorded, which shrank every larger photo to the decode side.</param>
public sealed record InputSpec(int Size, ResizeMethod Resize, ChannelOrder ChannelOrder, float[] Mean, float[] Std, double DecodeScale,
    double DecodeSlack = 1)
{
    public Preprocessing Preprocessing => new(ChannelOrder, Mean, Std);
    public int DecodeMinSide => ImageLoader.DecodeSide(Size, DecodeScale);
}

public sealed record WeightsEntry(string Entry, string Sha256, long Bytes);

/// <summary>The pretrained weights file (its name, not where it was) and its SHA-256.</summary>
public sealed record BodyWeightsEntry(string File, string Sha256)
{
    public static BodyWeightsEntry Of(Models.BackboneInfo body) => new(Path.GetFileName(body.WeightsPath()), body.WeightsSha256());
}

public sealed record TrainingSummary(
    DateTimeOffset TrainedAt,
    int Seed,
    int TrainImages,
    int ValidImages,
    int ValidCorrect,
    IReadOnlyList<EpochRow> Epochs)
{
    /// <summary>
    /// The precision the body trained and computed its features in (fp32, or bf16 mixed precision). With --precision auto
    /// it depends on the machine (bf16 where the CPU computes it natively), and so do the numbers. Absent in people models
    /// and in files made before it was recorded.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Runtime.Precision? Precision { get; init; }
}

public sealed record EpochRow(int Stage, int Epoch, double TrainLoss, double ValidLoss, double Accuracy, double Seconds);
