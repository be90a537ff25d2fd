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

    [CommandOption("--json")]
    [Description("Print JSON lines, one per photo.")]
    public bool Json { get; init; }

    [CommandOption("--draw")]
    [Description("Write a copy of each photo into this folder with the label (and, for people models, the face box) drawn on it.")]
    public string? Draw { get; init; }

    public override ValidationResult Validate() =>
        Threshold is < 0 or > 1 ? ValidationResult.Error("--threshold must be between 0 and 1.")
        : BatchSize < 1 ? ValidationResult.Error("--bs must be at least 1.")
        : ValidationResult.Success();
}

public sealed class PredictCommand(IAnsiConsole console) : Command<PredictSettings>
{
    static readonly JsonSerializerOptions CompactJson = new(ModelFile.Json) { WriteIndented = false };

    public override int Execute(CommandContext context, PredictSettings settings, CancellationToken cancellation)
    {
        var files = ExpandPaths(settings.Paths, out var missing);
        if (settings.Draw is not null) Directory.CreateDirectory(settings.Draw);
        if (ModelFile.Read(settings.Model).Manifest.Kind == ModelManifest.PeopleKind)
            return new PeoplePredict(console, settings).Run(files, missing);
        using var predictor = Predictor.Load(settings.Model, settings.Threshold);
        var classes = predictor.Classes;
        foreach (var path in missing) Report(settings, classes, path, null, $"'{path}' does not exist");
        int failures = missing.Count;
        foreach (var chunk in files.Chunk(settings.BatchSize))
        {
            var decoded = new (RgbImage? Image, string? Error)[chunk.Length];
            Parallel.For(0, chunk.Length, k =>
            {
                try { decoded[k] = (ImageLoader.Load(chunk[k], predictor.Manifest.Input.DecodeMinSide), null); }
                catch (ImageLoadException e) { decoded[k] = (null, e.Message); }
            });
            var readable = Enumerable.Range(0, chunk.Length).Where(k => decoded[k].Image is not null).ToList();
            var predictions = predictor.PredictBatch(readable.Select(k => (decoded[k].Image!, chunk[k])).ToList());
            var byIndex = readable.Zip(predictions).ToDictionary(p => p.First, p => p.Second);
            for (int k = 0; k < chunk.Length; k++)
            {
                byIndex.TryGetValue(k, out var prediction);
                if (prediction is null) failures++;
                else if (settings.Draw is not null)
                    People.FaceDrawing.Save(decoded[k].Image!, null, prediction.Verdict, prediction.IsUnknown, DrawPath(settings.Draw, chunk[k]));
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

    /// <summary>OUTDIR/name.jpg (.png for PNG photos); photos with the same name in different folders get a numeric suffix.</summary>
    internal static string DrawPath(string directory, string photo)
    {
        var name = Path.GetFileNameWithoutExtension(photo);
        var extension = Path.GetExtension(photo).Equals(".png", StringComparison.OrdinalIgnoreCase) ? ".png" : ".jpg";
        var path = Path.Combine(directory, name + extension);
        for (int n = 2; File.Exists(path); n++) path = Path.Combine(directory, $"{name}-{n}{extension}");
        return path;
    }

    internal static List<string> ExpandPaths(IEnumerable<string> paths, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                    .Where(f => ImageFolder.ImageExtensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            else missing.Add(path);
        }
        return files;
    }
}
