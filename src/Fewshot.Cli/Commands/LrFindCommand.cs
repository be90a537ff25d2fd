using System.ComponentModel;
using System.Globalization;
using Fewshot.Cli.Json;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Models;
using Fewshot.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class LrFindSettings : DatasetSettings
{
    [CommandOption("--steps <N>")]
    [Description("Steps of the exponential sweep from 1e-7 to 10 (it stops early when the loss explodes).")]
    [DefaultValue(100)]
    public int Steps { get; init; } = 100;

    [CommandOption("--bs <N>")]
    [Description("Batch size.")]
    [DefaultValue(16)]
    public int BatchSize { get; init; } = 16;

    [CommandOption("-o|--out <FILE>")]
    [Description("Where to write the loss-vs-learning-rate plot.")]
    [DefaultValue("lr-find.png")]
    public string Out { get; init; } = "lr-find.png";

    [CommandOption("--json")]
    [Description("Print one JSON document (the sweep and the suggestions) instead of the text, which goes to standard error.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        ValidateDataset() is { } invalid ? invalid
        : Steps is < 10 or > 1000 ? ValidationResult.Error("--steps must be between 10 and 1000.")
        : BatchSize < 2 ? ValidationResult.Error("--bs must be at least 2.")
        : OutputOptions.RequireExtension(Out, "--out", ".png") ?? ValidationResult.Success();
}

public sealed class LrFindCommand(IAnsiConsole console, StandardError stderr) : Command<LrFindSettings>
{
    public override int Execute(CommandContext context, LrFindSettings settings, CancellationToken cancellation)
    {
        OutputOptions.EnsureWritable(settings.Out);
        var output = stderr.ForText(console, settings.Json);
        var backbone = settings.Body;
        var data = TrainCommand.LoadData(output, stderr, settings.Data,
            new DataOptions { Size = settings.InputSize, BatchSize = settings.BatchSize, Seed = settings.Seed }, backbone);
        output.MarkupLine("Sweeping the frozen stage's learning rate (head on cached body features of 2 augmented views) …");
        var result = LrFinder.ForFrozenStage(data, backbone, new LearnerOptions { Seed = settings.Seed },
            new LrFinderOptions { Steps = settings.Steps }, cancel: cancellation);
        LrFinderChart.SavePng(result, settings.Out);
        var c = CultureInfo.InvariantCulture;
        var text = output.Profile.Out.Writer;
        text.WriteLine(string.Create(c,
            $"{result.Rates.Count} steps from {result.Rates[0]:0.0e0} to {result.Rates[^1]:0.0e0}{(result.Diverged ? " (stopped: loss exploded)" : "")}"));
        text.WriteLine(string.Create(c, $"suggested learning rate: {result.Suggested:0.0e0} (valley: two-thirds down the longest fall of the smoothed loss)"));
        text.WriteLine(string.Create(c, $"steepest point:          {result.Steepest:0.0e0} (fastest fall of the smoothed loss)"));
        output.MarkupLine($"wrote [bold]{Markup.Escape(settings.Out)}[/]; use it with [bold]fewshot train --lr {result.Suggested.ToString("0.0e0", c)}[/] or --lr auto");
        if (settings.Json) JsonOutput.Write(console, LrFindJson.From(result, settings.Out));
        return ExitCodes.Ok;
    }
}
