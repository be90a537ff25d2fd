using System.ComponentModel;
using Fewshot.Cli.Json;
using Fewshot.Evaluation;
using Fewshot.Evaluation.DataCheck;
using Fewshot.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class CheckSettings : CommandSettings
{
    [CommandArgument(0, "<DATA>")]
    [Description("Folder with train/ and valid/ (or val/) sub-folders of class folders, or one folder per class.")]
    public string Data { get; init; } = "";

    [CommandOption("--tiny <PIXELS>")]
    [Description("Flag images whose short side is below this many pixels.")]
    [DefaultValue(DataCheckRules.TinySide)]
    public int Tiny { get; init; } = DataCheckRules.TinySide;

    [CommandOption("--no-embeddings")]
    [Description("Skip the backbone pass: no content-based near-duplicates or atypical photos (faster).")]
    public bool NoEmbeddings { get; init; }

    [CommandOption("--backbone <NAME>")]
    [Description("Pretrained backbone for the embeddings.")]
    [DefaultValue(BackboneRegistry.DefaultId)]
    public string Backbone { get; init; } = BackboneRegistry.DefaultId;

    [CommandOption("--weights <FILE>")]
    [Description("The torchvision body's weights (.pth, .pt or .safetensors), instead of the installed official ones.")]
    public string? Weights { get; init; }

    [CommandOption("--report <FILE>")]
    [Description("Write a self-contained HTML report here.")]
    public string? Report { get; init; }

    [CommandOption("--strict")]
    [Description("Exit 1 when the check finds any problem, for CI: unreadable, damaged or tiny files, duplicates, imbalance, " +
                 "classes in one split only or without photos. Atypical photos are listed, not counted.")]
    public bool Strict { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON document with every finding instead of the text, which goes to standard error.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        Tiny < 0 ? ValidationResult.Error("--tiny must be 0 or more.")
        : DatasetSettings.BodyProblem(Backbone, Weights) is { } body ? ValidationResult.Error(body)
        : OutputOptions.RequireExtension(Report, "--report", ".html", ".htm") ?? ValidationResult.Success();
}

public sealed class CheckCommand(IAnsiConsole console, StandardError stderr) : Command<CheckSettings>
{
    public override int Execute(CommandContext context, CheckSettings settings, CancellationToken cancellation)
    {
        OutputOptions.EnsureWritable(settings.Report);
        var output = stderr.ForText(console, settings.Json);
        output.MarkupLine($"Checking [bold]{Markup.Escape(settings.Data)}[/] …");
        var backbone = BackboneRegistry.Get(settings.Backbone).WithWeights(settings.Weights);
        var options = new DataCheckOptions
        {
            TinySide = settings.Tiny, UseEmbeddings = !settings.NoEmbeddings, Backbone = backbone, Size = backbone.DefaultSize,
        };
        var report = DataChecker.Run(settings.Data, options, cancel: cancellation);
        output.Profile.Out.Writer.Write(DataCheckText.Format(report));
        if (settings.Report is not null)
        {
            var html = new HtmlReport("Fewshot data check: " + settings.Data);
            DataCheckSection.Add(html, report);
            html.Save(settings.Report);
            output.MarkupLine($"wrote [bold]{Markup.Escape(settings.Report)}[/]");
        }
        if (settings.Json) JsonOutput.Write(console, CheckJson.From(report));
        if (!settings.Strict || report.Findings.Count == 0) return ExitCodes.Ok;
        var kinds = report.Findings.GroupBy(f => f.Kind).Select(g => $"{DataCheckText.Title(g.Key).ToLowerInvariant()}: {g.Count()}");
        stderr.Error($"the check found {report.Findings.Count} problem(s) ({string.Join("; ", kinds)}), and --strict fails on any.");
        return ExitCodes.Failed;
    }
}
