using System.ComponentModel;
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

    [CommandOption("--tiny")]
    [Description("Flag images whose short side is below this many pixels.")]
    [DefaultValue(64)]
    public int Tiny { get; init; } = 64;

    [CommandOption("--no-embeddings")]
    [Description("Skip the backbone pass: no content-based near-duplicates or atypical photos (faster).")]
    public bool NoEmbeddings { get; init; }

    [CommandOption("--backbone")]
    [Description("Pretrained backbone for the embeddings.")]
    [DefaultValue("resnet18")]
    public string Backbone { get; init; } = "resnet18";

    [CommandOption("--report")]
    [Description("Write a self-contained HTML report here.")]
    public string? Report { get; init; }

    public override ValidationResult Validate() =>
        Tiny < 0 ? ValidationResult.Error("--tiny must be 0 or more.")
        : OutputOptions.RequireExtension(Report, "--report", ".html", ".htm") ?? ValidationResult.Success();
}

public sealed class CheckCommand(IAnsiConsole console) : Command<CheckSettings>
{
    public override int Execute(CommandContext context, CheckSettings settings, CancellationToken cancellation)
    {
        OutputOptions.EnsureWritable(settings.Report);
        console.MarkupLine($"Checking [bold]{Markup.Escape(settings.Data)}[/] …");
        var options = new DataCheckOptions { TinySide = settings.Tiny, UseEmbeddings = !settings.NoEmbeddings, Backbone = BackboneRegistry.Get(settings.Backbone) };
        var report = DataChecker.Run(settings.Data, options, cancel: cancellation);
        var text = DataCheckText.Format(report);
        console.Profile.Out.Writer.Write(text);
        if (settings.Report is not null)
        {
            var html = new HtmlReport("Fewshot data check: " + settings.Data);
            DataCheckSection.Add(html, report, text);
            html.Save(settings.Report);
            console.MarkupLine($"wrote [bold]{Markup.Escape(settings.Report)}[/]");
        }
        return ExitCodes.Ok;
    }
}
