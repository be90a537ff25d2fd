using System.ComponentModel;
using Fewshot.Cli.Json;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Evaluation.DataCheck;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Predictors;
using Fewshot.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class InterpretSettings : CommandSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("A .fewshot model file.")]
    public string Model { get; init; } = "";

    [CommandArgument(1, "<DATA>")]
    [Description("Labelled photos: its valid/ (or val/) split is scored, or a held-out share when there is none.")]
    public string Data { get; init; } = "";

    [CommandOption("--valid-pct <FRACTION>")]
    [Description("Share of each class scored when DATA has no valid/ folder (the same seeded split as training's).")]
    [DefaultValue(0.2)]
    public double ValidPct { get; init; } = 0.2;

    [CommandOption("--seed <SEED>")]
    [Description("Seed of that split: the one given to train.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("-o|--out <PREFIX>")]
    [Description("Prefix of the PNGs written (PREFIX.confusion.png, .top-losses.png, .preview.png). Default: the model's name.")]
    public string? Out { get; init; }

    [CommandOption("--report <FILE>")]
    [Description("Write a self-contained HTML report here.")]
    public string? Report { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON document (accuracy, per-class precision and recall, confusions, top losses, files written) instead of the text, which goes to standard error.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        Model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
            ? ValidationResult.Error($"'{Model}' is an ONNX export: `fewshot interpret` reads the .fewshot model it was made from.")
        : !(ValidPct is >= 0 and < 1) ? ValidationResult.Error("--valid-pct must be at least 0 and below 1.")
        : OutputOptions.RequireExtension(Report, "--report", ".html", ".htm") ?? ValidationResult.Success();

    /// <summary>Where the PNGs go: the given prefix, inside it when it names a folder, or beside the model.</summary>
    public string PngPrefix =>
        Out is null ? Path.ChangeExtension(Model, null)
        : Out.EndsWith('/') || Out.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(Out)
            ? Path.Combine(Out, Path.GetFileNameWithoutExtension(Model))
            : Out;
}

public sealed class InterpretCommand(IAnsiConsole console, StandardError stderr) : Command<InterpretSettings>
{
    public override int Execute(CommandContext context, InterpretSettings settings, CancellationToken cancellation)
    {
        var prefix = settings.PngPrefix;
        var output = stderr.ForText(console, settings.Json);
        OutputOptions.EnsureWritable(settings.Report, prefix + ".confusion.png");
        if (ModelFiles.IsPeopleModel(settings.Model))
            throw new FewshotException($"`fewshot interpret` reads image models; '{settings.Model}' is a people model. " +
                                       "`fewshot train --faces` printed its confusion matrix, and `fewshot predict` (with --json or --draw) " +
                                       "shows what it sees in each photo.");
        using var predictor = Predictor.Load(settings.Model);
        var split = ImageFolder.Scan(settings.Data, settings.ValidPct, settings.Seed);
        foreach (var warning in split.Warnings) stderr.Warning(warning);
        var unknown = split.Classes.Where(c => !predictor.Classes.Contains(c)).ToList();
        if (unknown.Count > 0)
            throw new FewshotException($"'{settings.Data}' has classes the model '{settings.Model}' does not know: {string.Join(", ", unknown)}. " +
                                       $"The model knows {string.Join(", ", predictor.Classes)}.");
        var records = new List<PredictionRecord>();
        foreach (var chunk in split.Valid.Chunk(32))
        {
            var loaded = new List<(RgbImage, string, int)>();
            foreach (var item in chunk)
            {
                try { loaded.Add((ImageLoader.Load(item.Path, predictor.DecodeMinSide, minSideSlack: predictor.DecodeSlack), item.Path, item.Label)); }
                catch (ImageLoadException e) { stderr.Warning("skipped " + e.Message); }
            }
            var predictions = predictor.PredictBatch(loaded.Select(l => (l.Item1, l.Item2)).ToList());
            for (int k = 0; k < loaded.Count; k++)
            {
                int actual = predictor.Classes.ToList().IndexOf(split.Classes[loaded[k].Item3]);
                records.Add(new PredictionRecord(loaded[k].Item2, actual, predictions[k].ClassIndex, predictions[k].Probabilities.ToArray()));
            }
        }
        if (records.Count == 0) throw new FewshotException($"No readable validation photos in '{settings.Data}'.");
        var interpretation = new Interpretation(predictor.Classes, records);
        output.Profile.Out.Writer.Write(interpretation.ToText());
        var files = interpretation.SavePlots(prefix).ToList();
        var train = split.Train.Select(i => i with { Label = predictor.Classes.ToList().IndexOf(split.Classes[i.Label]) }).ToList();
        var input = predictor.Manifest.Input;
        var training = new DataOptions
        {
            Size = input.Size, Resize = input.Resize, DecodeScale = input.DecodeScale, DecodeSlack = input.DecodeSlack, Seed = settings.Seed,
        };
        var preview = prefix + ".preview.png";
        Interpretation.SaveDatasetPreview(train, predictor.Classes, preview, training, seed: settings.Seed);
        files.Add(preview);
        if (settings.Report is not null)
        {
            var check = DataChecker.Run(settings.Data, new DataCheckOptions { Size = predictor.Manifest.Input.Size }, cancel: cancellation);
            TrainingReport.Write(settings.Report, "Fewshot interpretation: " + settings.Model, interpretation, [], [], [], check, preview);
            files.Add(settings.Report);
        }
        foreach (var file in files) output.MarkupLine($"wrote [bold]{Markup.Escape(file)}[/]");
        if (settings.Json) JsonOutput.Write(console, InterpretJson.From(interpretation, files));
        return ExitCodes.Ok;
    }
}
