using System.ComponentModel;
using System.Text.Json;
using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Inference;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class PredictSettings : CommandSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("A .fewshot model file.")]
    public string Model { get; init; } = "";

    [CommandArgument(1, "<PATHS>")]
    [Description("Photos, or folders of photos (searched recursively).")]
    public string[] Paths { get; init; } = [];

    [CommandOption("--threshold")]
    [Description("Report 'unknown' when the top probability is below this (0 to 1; 0 never).")]
    [DefaultValue(0f)]
    public float Threshold { get; init; }

    [CommandOption("--bs")]
    [Description("Photos per batch.")]
    [DefaultValue(32)]
    public int BatchSize { get; init; } = 32;

    [CommandOption("--max-pixels")]
    [Description("Refuse photos whose header claims more pixels than this (decompression-bomb guard).")]
    [DefaultValue(178_956_970L)]
    public long MaxPixels { get; init; } = DecodeOptions.Default.MaxPixels;

    [CommandOption("--json")]
    [Description("Print JSON lines, one per photo.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        Threshold is < 0 or > 1 ? ValidationResult.Error("--threshold must be between 0 and 1.")
        : BatchSize < 1 ? ValidationResult.Error("--bs must be at least 1.")
        : MaxPixels < 1 ? ValidationResult.Error("--max-pixels must be at least 1.")
        : ValidationResult.Success();
}

public sealed class PredictCommand(IAnsiConsole console) : Command<PredictSettings>
{
    static readonly JsonSerializerOptions CompactJson = new(ModelFile.Json) { WriteIndented = false };

    public override int Execute(CommandContext context, PredictSettings settings, CancellationToken cancellation)
    {
        using var predictor = Predictor.Load(settings.Model, settings.Threshold);
        var classes = predictor.Classes;
        var files = ExpandPaths(settings.Paths, settings, out var missing);
        foreach (var path in missing) Report(settings, classes, path, null, $"'{path}' does not exist");
        int failures = missing.Count;
        var decodeOptions = new DecodeOptions(MaxPixels: settings.MaxPixels);
        foreach (var chunk in files.Chunk(settings.BatchSize))
        {
            var decoded = new (RgbImage? Image, string? Error)[chunk.Length];
            Parallel.For(0, chunk.Length, k =>
            {
                try { decoded[k] = (ImageLoader.Load(chunk[k], predictor.Manifest.Input.DecodeMinSide, decodeOptions), null); }
                catch (ImageLoadException e) { decoded[k] = (null, e.Message); }
            });
            var readable = Enumerable.Range(0, chunk.Length).Where(k => decoded[k].Image is not null).ToList();
            var predictions = predictor.PredictBatch(readable.Select(k => (decoded[k].Image!, chunk[k])).ToList());
            var byIndex = readable.Zip(predictions).ToDictionary(p => p.First, p => p.Second);
            for (int k = 0; k < chunk.Length; k++)
            {
                byIndex.TryGetValue(k, out var prediction);
                if (prediction is null) failures++;
                Report(settings, classes, chunk[k], prediction, decoded[k].Error);
            }
        }
        return failures > 0 && failures == files.Count + missing.Count ? ExitCodes.Failed : ExitCodes.Ok;
    }

    void Report(PredictSettings settings, IReadOnlyList<string> classes, string path, Prediction? prediction, string? error)
    {
        if (settings.Json)
        {
            object row = prediction is null
                ? new { file = path, error }
                : new
                {
                    file = path, label = prediction.Verdict, probability = prediction.Probability,
                    probabilities = classes.Zip(prediction.Probabilities).ToDictionary(x => x.First, x => x.Second),
                };
            Console.Out.WriteLine(JsonSerializer.Serialize(row, CompactJson));
            return;
        }
        if (prediction is null)
            console.MarkupLine($"{Markup.Escape(path)}\t[red]error:[/] {Markup.Escape(error ?? "unreadable")}");
        else
            console.WriteLine($"{path}\t{prediction.Verdict}\t{prediction.Probability:F4}");
    }

    /// <summary>Every file below a folder, following folder links but not their loops.</summary>
    IReadOnlyList<string> FolderFiles(string folder, PredictSettings settings)
    {
        var warnings = new List<string>();
        var files = ImageFolder.SafeEnumerateFiles(folder, warnings);
        if (!settings.Json)
            foreach (var warning in warnings) console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        return files;
    }

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
        return files;
    }
}
