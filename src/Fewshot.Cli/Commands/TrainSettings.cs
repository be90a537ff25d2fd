using System.ComponentModel;
using Fewshot.Faces;
using Fewshot.Imaging;
using Fewshot.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class TrainSettings : DatasetSettings
{
    [CommandOption("--bs <N>")]
    [Description("Batch size.")]
    [DefaultValue(16)]
    public int BatchSize { get; init; } = 16;

    [CommandOption("--epochs <N>")]
    [Description("Epochs with the body frozen (head only).")]
    [DefaultValue(10)]
    public int Epochs { get; init; } = 10;

    [CommandOption("--unfreeze-epochs <N>")]
    [Description("Epochs with everything trainable; 0 skips the second stage.")]
    [DefaultValue(10)]
    public int UnfreezeEpochs { get; init; } = 10;

    [CommandOption("--lr <RATE>")]
    [Description("Peak learning rate of the frozen stage, or auto (the learning-rate finder's valley suggestion).")]
    [DefaultValue(LearningRates.DefaultFrozenText)]
    public string Lr { get; init; } = LearningRates.DefaultFrozenText;

    [CommandOption("--lr2 <RATES>")]
    [Description("Peak learning rates of the unfrozen stage, low:high spread over the layer groups (fastai's course notebook used 1e-6:1e-2).")]
    [DefaultValue(LearningRates.DefaultUnfrozenText)]
    public string Lr2 { get; init; } = LearningRates.DefaultUnfrozenText;

    [CommandOption("--resize <METHOD>")]
    [Description("How photos become squares: crop, squish or pad.")]
    [TypeConverter(typeof(LowercaseEnumConverter<ResizeMethod>))]
    [DefaultValue("crop")]
    public ResizeMethod Resize { get; init; } = ResizeMethod.Crop;

    [CommandOption("--valid-pct <FRACTION>")]
    [Description("Share of each class held out for validation when DATA has no valid/ folder.")]
    [DefaultValue(0.2)]
    public double ValidPct { get; init; } = 0.2;

    [CommandOption("--bn <MODE>")]
    [Description("Body batch-norm layers: frozen (ImageNet statistics in both stages, so the frozen stage trains on cached features) or train (fastai's default).")]
    [TypeConverter(typeof(LowercaseEnumConverter<BatchNormMode>))]
    [DefaultValue("frozen")]
    public BatchNormMode BatchNorm { get; init; } = BatchNormMode.Frozen;

    [CommandOption("--precision <PRECISION>")]
    [Description("auto (bf16 at 128 px and more where the CPU computes it natively: inference, and mixed-precision training with fp32 master weights), fp32, or bf16.")]
    [TypeConverter(typeof(LowercaseEnumConverter<Fewshot.Runtime.Precision>))]
    [DefaultValue("auto")]
    public Fewshot.Runtime.Precision Precision { get; init; } = Fewshot.Runtime.Precision.Auto;

    [CommandOption("-o|--out <FILE>")]
    [Description("Model file to write; stage checkpoints go beside it (NAME.stage-1.ckpt).")]
    [DefaultValue("model.fewshot")]
    public string Out { get; init; } = "model.fewshot";

    [CommandOption("--resume")]
    [Description("Continue an interrupted run from the checkpoint beside --out (NAME.resume.ckpt), with its options.")]
    public bool Resume { get; init; }

    [CommandOption("--max-pixels <PIXELS>")]
    [Description("Refuse photos whose header claims more pixels than this (decompression-bomb guard).")]
    [DefaultValue(178_956_970L)]
    public long MaxPixels { get; init; } = DecodeOptions.Default.MaxPixels;

    [CommandOption("--keep-partial")]
    [Description("Use damaged photos (cut short, or with less data than their header claims) for the part that decodes, instead of skipping them.")]
    public bool KeepPartial { get; init; }

    /// <summary>How photos are decoded: the pixel limit and whether damaged photos are used.</summary>
    public DecodeOptions Decode => new(MaxPixels, KeepPartial);

    [CommandOption("--report <FILE>")]
    [Description("Write a self-contained HTML report (epochs, curves, confusion matrix, top losses, data check) here.")]
    public string? Report { get; init; }

    [CommandOption("--no-check")]
    [Description("Skip the data check (duplicates, tiny and unreadable files, imbalance) before training.")]
    public bool NoCheck { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON document with the results instead of tables.")]
    public bool Json { get; init; }

    bool IsAutoLr => string.Equals(Lr, "auto", StringComparison.OrdinalIgnoreCase);
    LearningRates? _frozenRate, _unfrozenRates;

    /// <summary>--lr parsed (once): the frozen stage's peak rate, or null for auto (the learning-rate finder's suggestion).</summary>
    public LearningRates? FrozenRate => IsAutoLr ? null : _frozenRate ??= LearningRates.Parse(Lr);

    /// <summary>--lr2 parsed (once): the unfrozen stage's peak rates.</summary>
    public LearningRates UnfrozenRates => _unfrozenRates ??= LearningRates.Parse(Lr2);

    [CommandOption("--faces")]
    [Description("People mode: tell people apart by their faces (face detection + face identity features). Needs `fewshot setup faces`.")]
    public bool Faces { get; init; }

    [CommandOption("--features <FEATURES>")]
    [Description("People mode features: face, scene (whole photo), both, or auto (chosen by cross-validation on the training photos).")]
    [TypeConverter(typeof(LowercaseEnumConverter<People.PeopleFeatures>))]
    [DefaultValue("auto")]
    public People.PeopleFeatures Features { get; init; } = People.PeopleFeatures.Auto;

    [CommandOption("--no-face <POLICY>")]
    [Description("People mode, photos where no face is found: whole (the whole photo stands in for the face: face crops), exclude " +
                 "(left out of training, and 'unknown' when predicting: full scenes) or auto (whole for face crops, exclude for scenes).")]
    [TypeConverter(typeof(LowercaseEnumConverter<People.NoFacePolicy>))]
    [DefaultValue("auto")]
    public People.NoFacePolicy NoFace { get; init; } = People.NoFacePolicy.Auto;

    [CommandOption("--unknown <LIMIT>")]
    [Description("People mode, when a face is 'unknown': auto (beyond a distance chosen by leave-persons-out on the training faces), " +
                 "off (never), or a distance such as 0.55.")]
    [DefaultValue("auto")]
    public string Unknown { get; init; } = "auto";

    [CommandOption("--face-choice <CHOICE>")]
    [Description("People mode, photos with several faces: confident (the large face the trained head names most surely), largest, or known (the large face nearest a training face).")]
    [TypeConverter(typeof(LowercaseEnumConverter<People.FaceChoice>))]
    [DefaultValue("confident")]
    public People.FaceChoice FaceChoice { get; init; } = People.FaceChoice.Confident;

    [CommandOption("--align <ALIGNMENT>")]
    [Description("People mode, how faces are cut out: chip (turned so the eyes are level and scaled by their distance), landmarks (the 68 landmarks' box, as face-api does) or detector (the detector's box plus 10% on each side).")]
    [TypeConverter(typeof(LowercaseEnumConverter<FaceAlignment>))]
    [DefaultValue("chip")]
    public FaceAlignment Align { get; init; } = FaceAlignment.Chip;

    /// <summary>Options of the default mode set away from their defaults (people mode does not use them).</summary>
    List<string> DefaultModeOptionsGiven()
    {
        var defaults = new TrainSettings();
        var given = new List<string>();
        void Check(bool differs, string name) { if (differs) given.Add(name); }
        Check(Size != defaults.Size, "--size");
        Check(Epochs != defaults.Epochs, "--epochs");
        Check(UnfreezeEpochs != defaults.UnfreezeEpochs, "--unfreeze-epochs");
        Check(!string.Equals(Lr, defaults.Lr, StringComparison.OrdinalIgnoreCase), "--lr");
        Check(!string.Equals(Lr2, defaults.Lr2, StringComparison.OrdinalIgnoreCase), "--lr2");
        Check(Resize != defaults.Resize, "--resize");
        Check(BatchNorm != defaults.BatchNorm, "--bn");
        Check(Precision != defaults.Precision, "--precision");
        Check(Resume, "--resume");
        Check(Report is not null, "--report");
        return given;
    }

    public override ValidationResult Validate()
    {
        if (ValidateDataset() is { } invalid) return invalid;
        if (BatchSize < 2) return ValidationResult.Error("--bs must be at least 2 (batch norm needs two samples).");
        if (Epochs < 0 || UnfreezeEpochs < 0) return ValidationResult.Error("--epochs and --unfreeze-epochs must be 0 or more.");
        if (MaxPixels < 1) return ValidationResult.Error("--max-pixels must be at least 1.");
        if (!(ValidPct is >= 0 and < 1)) return ValidationResult.Error("--valid-pct must be at least 0 and below 1.");
        if (!Faces && (Features != People.PeopleFeatures.Auto || NoFace != People.NoFacePolicy.Auto || FaceChoice != People.FaceChoice.Confident
                       || Align != FaceAlignment.Chip || !string.Equals(Unknown, "auto", StringComparison.OrdinalIgnoreCase)))
            return ValidationResult.Error("--features, --no-face, --unknown, --face-choice and --align belong to people mode: add --faces.");
        if (People.UnknownSetting.Parse(Unknown) is null)
            return ValidationResult.Error($"--unknown must be auto, off or a distance above 0 such as 0.55 (got '{Unknown}').");
        if (Faces && Weights is not null)
            return ValidationResult.Error("--weights is for the default mode: people mode's scene features use the installed weights of " +
                                          "--backbone (`fewshot setup backbone NAME`), which its model names and needs again when predicting.");
        if (Faces && DefaultModeOptionsGiven() is { Count: > 0 } given)
            return ValidationResult.Error($"{string.Join(", ", given)} belong to the default mode, which --faces replaces: people mode " +
                                          "computes face features once and fits a logistic head on them (no image size, epochs, " +
                                          "learning rates, resume or HTML report). Leave them out.");
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out must name the model file to write.");
        if (OutputOptions.RequireExtension(Out, "--out", ".fewshot") is { } model) return model;
        if (OutputOptions.RequireExtension(Report, "--report", ".html", ".htm") is { } report) return report;
        try { _ = FrozenRate; _ = UnfrozenRates; }
        catch (FewshotException e) { return ValidationResult.Error(e.Message); }
        return ValidationResult.Success();
    }
}
