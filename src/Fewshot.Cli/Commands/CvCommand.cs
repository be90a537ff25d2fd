using System.ComponentModel;
using System.Globalization;
using Fewshot.Cli.Json;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Evaluation.CrossValidation;
using Fewshot.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class CvSettings : DatasetSettings
{
    [CommandOption("--folds <N>")]
    [Description("Number of stratified folds.")]
    [DefaultValue(5)]
    public int Folds { get; init; } = 5;

    [CommandOption("--repeats <N>")]
    [Description("Repeat the k folds with different seeded shuffles and average.")]
    [DefaultValue(1)]
    public int Repeats { get; init; } = 1;

    [CommandOption("--compare <RECIPES>")]
    [Description("Comma-separated recipes to evaluate on the same folds (frozen, finetune, …).")]
    [DefaultValue("frozen")]
    public string Compare { get; init; } = "frozen";

    [CommandOption("--top <N>")]
    [Description("How many photos to list by out-of-fold loss.")]
    [DefaultValue(10)]
    public int Top { get; init; } = 10;

    [CommandOption("--report <FILE>")]
    [Description("Write a self-contained HTML report here.")]
    public string? Report { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON document (each recipe's accuracy and likeliest mislabels, the comparisons) instead of the text, which goes to standard error.")]
    public bool Json { get; init; }

    public override ValidationResult Validate()
    {
        if (Folds < 2) return ValidationResult.Error("--folds must be at least 2.");
        if (Repeats < 1) return ValidationResult.Error("--repeats must be at least 1.");
        if (ValidateDataset() is { } invalid) return invalid;
        if (Compare.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 0)
            return ValidationResult.Error("--compare needs at least one recipe name.");
        return OutputOptions.RequireExtension(Report, "--report", ".html", ".htm") ?? ValidationResult.Success();
    }
}

public sealed class CvCommand(IAnsiConsole console, StandardError stderr) : Command<CvSettings>
{
    public override int Execute(CommandContext context, CvSettings settings, CancellationToken cancellation)
    {
        var recipes = settings.Compare.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(CrossValidationRecipes.Create).ToList();
        OutputOptions.EnsureWritable(settings.Report);
        var output = stderr.ForText(console, settings.Json);
        var backbone = settings.Body;
        var dataOptions = new DataOptions { Size = settings.InputSize, Seed = settings.Seed };
        output.MarkupLine($"Reading [bold]{Markup.Escape(settings.Data)}[/] …");
        var split = ImageFolder.Scan(settings.Data, 0.2, settings.Seed);
        var data = CrossValidator.Pool(split, dataOptions, backbone, settings.Data);
        foreach (var warning in data.Warnings) stderr.Warning(warning);
        output.MarkupLine($"{data.ClassCount} classes, {data.Train.Count} labelled photos (train and valid pooled), " +
                           $"{settings.Folds} stratified folds × {settings.Repeats} repeat(s), seed {settings.Seed}");

        var cvContext = new CrossValidationContext(data, backbone, new CrossValidationOptions().FeatureViews,
            (done, total) => { if (done == total) output.MarkupLine($"frozen features of {total} photo views computed"); });
        var validator = new CrossValidator(new CrossValidationOptions { Folds = settings.Folds, Repeats = settings.Repeats, Seed = settings.Seed });
        validator.RecipeStarting += (recipe, estimate) => output.MarkupLine(
            $"[bold]{recipe.Name}[/]: {Markup.Escape(recipe.Description)}" +
            (estimate is { } e ? $" — estimated {Duration(e)} (from a timed batch)" : ""));
        validator.FoldEnded += (recipe, repeat, fold, accuracy) =>
            output.Profile.Out.Writer.WriteLine($"  {recipe.Name} repeat {repeat + 1} fold {fold + 1}: {accuracy}");
        using var interrupt = new InterruptHandler(output);
        CrossValidationResult result;
        try { result = validator.Run(cvContext, recipes, interrupt.Token); }
        catch (OperationCanceledException)
        {
            output.MarkupLine("[yellow]Interrupted.[/]");
            return ExitCodes.Interrupted;
        }
        var text = CrossValidationText.Format(result, settings.Top);
        output.Profile.Out.Writer.Write(text);
        if (settings.Report is not null)
        {
            CrossValidationReport.Write(result, text, settings.Report, settings.Top);
            output.MarkupLine($"wrote [bold]{Markup.Escape(settings.Report)}[/]");
        }
        if (settings.Json) JsonOutput.Write(console, CvJson.From(result, settings.Top));
        return ExitCodes.Ok;
    }

    static string Duration(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:F0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F0} s");
}
