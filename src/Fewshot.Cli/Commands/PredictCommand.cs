using System.ComponentModel;
using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Predictors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class PredictSettings : CommandSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("A .fewshot model file, or an .onnx file made by `fewshot export` (runs on ONNX Runtime).")]
    public string Model { get; init; } = "";

    [CommandArgument(1, "<PATHS>")]
    [Description("Photos, or folders of photos (searched recursively).")]
    public string[] Paths { get; init; } = [];

    [CommandOption("--threshold <PROBABILITY>")]
    [Description("Report 'unknown' when the top probability is below this (0 to 1; 0 never).")]
    [DefaultValue(0f)]
    public float Threshold { get; init; }

    [CommandOption("--bs <N>")]
    [Description("Photos per batch (image models; people models take one photo at a time).")]
    [DefaultValue(32)]
    public int BatchSize { get; init; } = 32;

    [CommandOption("--max-pixels <PIXELS>")]
    [Description("Refuse photos whose header claims more pixels than this (decompression-bomb guard).")]
    [DefaultValue(178_956_970L)]
    public long MaxPixels { get; init; } = DecodeOptions.Default.MaxPixels;

    [CommandOption("--keep-partial")]
    [Description("Classify damaged photos (cut short, or with less data than their header claims) by the part that decodes, instead of an error row.")]
    public bool KeepPartial { get; init; }

    /// <summary>How photos are decoded: the pixel limit and whether damaged photos are used.</summary>
    public DecodeOptions Decode => new(MaxPixels, KeepPartial);

    [CommandOption("--json")]
    [Description("Print JSON lines, one per photo.")]
    public bool Json { get; init; }

    [CommandOption("-o|--out <FILE>")]
    [Description("Write one row per photo to this .csv or .json (JSON Lines) file, with a progress bar. " +
                 "Resumable: photos already in the file are skipped, so rerun the same command after an interruption.")]
    public string? Out { get; init; }

    [CommandOption("--tta")]
    [Description("Test-time augmentation: average the probabilities of each photo and its left-right mirror image (2× the work).")]
    public bool Tta { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu, or cuda (ONNX models only; needs the ONNX Runtime GPU build, CUDA 12 and cuDNN 9).")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--precision <PRECISION>")]
    [Description("auto (bf16 at 128 px and more where the CPU computes it natively), fp32 or bf16; .fewshot models only.")]
    [TypeConverter(typeof(LowercaseEnumConverter<Fewshot.Runtime.Precision>))]
    [DefaultValue("auto")]
    public Fewshot.Runtime.Precision Precision { get; init; } = Fewshot.Runtime.Precision.Auto;

    [CommandOption("--all-faces")]
    [Description("People models: name every face of each photo (box, name or 'unknown', probability, distance); with --out a row per face, " +
                 "keyed by file and face index.")]
    public bool AllFaces { get; init; }

    [CommandOption("--draw <DIR>")]
    [Description("Write a copy of each photo into this folder with the label (and, for people models, the face box) drawn on it.")]
    public string? Draw { get; init; }

    [CommandOption("--cluster <URL>")]
    [Description("Score on a cluster of `fewshot worker`s whose membership this Redis keeps (redis://HOST:PORT); needs --out. " +
                 "Every worker reads the photos and the model at the paths given here. See docs/cluster.md.")]
    public string? Cluster { get; init; }

    [CommandOption("--chunk <N>")]
    [Description("With --cluster: photos handed to a worker at a time.")]
    [DefaultValue(64)]
    public int Chunk { get; init; } = 64;

    public override ValidationResult Validate() =>
        Cluster is not null && ClusterValidation() is { } error ? ValidationResult.Error(error)
        : !(Threshold is >= 0 and <= 1) ? ValidationResult.Error("--threshold must be between 0 and 1.")
        : BatchSize < 1 ? ValidationResult.Error("--bs must be at least 1.")
        : Out is not null && !ResultsFile.IsSupported(Out) ? ValidationResult.Error("--out must end in .csv, .json or .jsonl.")
        : Out is not null && Json ? ValidationResult.Error("--json prints to the terminal; with --out the format follows the file's extension.")
        : Device.ToLowerInvariant() is not ("cpu" or "cuda") ? ValidationResult.Error("--device must be cpu or cuda.")
        : MaxPixels < 1 ? ValidationResult.Error("--max-pixels must be at least 1.")
        : ValidationResult.Success();

    string? ClusterValidation() =>
        Fewshot.Cluster.Addressing.ClusterAddress.TryParse(Cluster!, out var error) is null ? $"--cluster: {error}"
        : Out is null ? "--cluster writes its results to a file: add --out results.csv (or .json), which a rerun resumes."
        : Draw is not null ? "--draw writes on this machine, and with --cluster the photos are scored elsewhere: draw with a local `predict --draw`."
        : Chunk < 1 ? "--chunk must be at least 1."
        : null;
}

public sealed class PredictCommand(IAnsiConsole console, StandardError stderr) : Command<PredictSettings>
{
    public override int Execute(CommandContext context, PredictSettings settings, CancellationToken cancellation)
    {
        var files = ExpandPaths(settings.Paths, settings, out var missing);
        if (files.Count == 0 && missing.Count == 0)
            throw new FewshotException($"No photos found in {string.Join(", ", settings.Paths.Select(p => $"'{p}'"))}: give photo files, " +
                                       $"or folders holding some ({string.Join(" ", ImageFolder.ImageExtensions.Order())}).");
        if (settings.Draw is not null)
        {
            try { Directory.CreateDirectory(settings.Draw); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FewshotException($"Cannot use --draw '{settings.Draw}' as a folder: {e.Message.TrimEnd('.')}. Choose another folder.", e);
            }
        }
        if (settings.Cluster is not null)
            return new ClusterPredict(console, settings).Run(files, missing);
        if (ModelFiles.IsPeopleModel(settings.Model))
            return new PeoplePredict(console, stderr, settings).Run(files, missing);
        if (settings.AllFaces) throw AllFacesNeedsPeople(settings.Model);
        using var classifier = Open(settings);
        var classes = classifier.Classes;
        var scorer = new BatchScorer(classifier, new BatchScoringOptions
        {
            BatchSize = settings.BatchSize, Tta = settings.Tta, UnknownThreshold = settings.Threshold,
            Decode = settings.Decode,
        });
        using var interrupt = new InterruptHandler(console);
        var results = settings.Out is null
            ? PrintAll(settings, classes, scorer, files, missing, interrupt.Token)
            : BatchScoring.WriteAll(console, settings.Out, new ResultsLayout(classes, Model: ResultsFile.Fingerprint(settings.Model)),
                Drawing(ScoringJob.For(scorer), settings), files, missing, interrupt.Token);
        return results.ExitCode;
    }

    internal static FewshotException AllFacesNeedsPeople(string model) =>
        new($"--all-faces names the faces in photos, which people models do; '{model}' is an image model " +
            "(train one with `fewshot train DATA --faces`).");

    static IImageClassifier Open(PredictSettings settings) =>
        ModelFiles.OpenImageModel(settings.Model, new ClassifierOptions
        {
            Device = settings.Device.Equals("cuda", StringComparison.OrdinalIgnoreCase) ? Device.Cuda : Device.Cpu,
            UnknownThreshold = settings.Threshold,
        }, settings.Precision);

    ScoringSummary PrintAll(PredictSettings settings, IReadOnlyList<string> classes, BatchScorer scorer,
        List<string> files, List<string> missing, CancellationToken cancel)
    {
        foreach (var path in missing) Report(settings, classes, path, null, $"'{path}' does not exist");
        int failures = missing.Count, rows = missing.Count;
        try
        {
            foreach (var result in scorer.Score(files, cancel))
            {
                rows++;
                if (result.Prediction is null) failures++;
                else if (settings.Draw is not null) Draw(settings.Draw, result.Path, result.Prediction, settings.Decode);
                Report(settings, classes, result.Path, result.Prediction, result.Error);
            }
        }
        catch (OperationCanceledException) { return new ScoringSummary(rows, failures, Interrupted: true); }
        return new ScoringSummary(rows, failures, Interrupted: false);
    }

    void Report(PredictSettings settings, IReadOnlyList<string> classes, string path, Prediction? prediction, string? error)
    {
        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(PredictionJson.Line(path, prediction, classes, error: error));
            return;
        }
        // Raw lines, one per photo: Spectre would wrap them at the console width.
        if (prediction is null)
            console.Profile.Out.Writer.WriteLine($"{PredictionText.Field(path)}\terror: {PredictionText.Field(error ?? "unreadable")}");
        else
            console.Profile.Out.Writer.WriteLine(FormattableString.Invariant(
                $"{PredictionText.Field(path)}\t{PredictionText.Field(prediction.Verdict)}\t{prediction.Probability:F4}"));
    }

    /// <summary>The job, drawing each scored photo into the --draw folder as it goes (none: as it is).</summary>
    ScoringJob Drawing(ScoringJob job, PredictSettings settings) => settings.Draw is not { } directory ? job : job with
    {
        Score = (files, cancel) => job.Score(files, cancel).Select(result =>
        {
            if (result.Prediction is not null) Draw(directory, result.File, result.Prediction, settings.Decode);
            return result;
        }),
    };

    void Draw(string directory, string photo, Prediction prediction, DecodeOptions decode) => TryDraw(stderr, photo, () =>
        People.FaceDrawing.Save(ImageLoader.Load(photo, options: decode), [new People.FaceLabel(null, prediction.Verdict, prediction.IsUnknown)],
            DrawPath(directory, photo)));

    /// <summary>Draws one annotated copy; a copy that cannot be made is reported and the scoring goes on.</summary>
    internal static void TryDraw(StandardError stderr, string photo, Action draw)
    {
        try { draw(); }
        catch (Exception e) when (e is FewshotException or IOException or UnauthorizedAccessException)
        {
            stderr.Warning($"no annotated copy of {photo}: {e.Message}");
        }
    }

    /// <summary>OUTDIR/name.jpg (.png for PNG photos); photos with the same name in different folders get a numeric suffix.</summary>
    internal static string DrawPath(string directory, string photo)
    {
        var name = Path.GetFileNameWithoutExtension(photo);
        var extension = Path.GetExtension(photo).Equals(".png", StringComparison.OrdinalIgnoreCase) ? ".png" : ".jpg";
        var path = Path.Combine(directory, name + extension);
        for (int n = 2; File.Exists(path); n++) path = Path.Combine(directory, $"{name}-{n}{extension}");
        return path;
    }

    /// <summary>Every file below a folder, following folder links but not their loops.</summary>
    IReadOnlyList<string> FolderFiles(string folder, PredictSettings settings)
    {
        var warnings = new List<string>();
        var files = ImageFolder.SafeEnumerateFiles(folder, warnings);
        foreach (var warning in warnings) stderr.Warning(warning);
        return files;
    }

    /// <summary>The photos the paths name, each once even when paths overlap (`dir dir/sub`), as first named.</summary>
    List<string> ExpandPaths(IEnumerable<string> paths, PredictSettings settings, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(FolderFiles(path, settings)
                    .Where(f => ImageFolder.ImageExtensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            else missing.Add(path);
        }
        return files.DistinctBy(Path.GetFullPath).ToList();
    }
}
