using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Evaluation.DataCheck;
using Fewshot.Export;
using Fewshot.Models;
using Fewshot.Training;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

/// <summary>What `fewshot train` does around the recipe to be honest about it: data check, learning-rate finder, interpretation, report.</summary>
static class TrainEvaluation
{
    /// <summary>
    /// The data check without the backbone pass (cheap), on the photos the training data has already decoded
    /// (null: decoded here, as people mode decodes its own); its findings printed as warnings.
    /// </summary>
    public static DataCheckReport? CheckData(IAnsiConsole output, TrainSettings settings, ImageData? data)
    {
        if (settings.NoCheck) return null;
        // The data's size, not the command line's: a resumed run has its own.
        var report = DataChecker.Run(settings.Data, new DataCheckOptions { UseEmbeddings = false, Size = data?.Options.Size ?? settings.InputSize, Decoded = data?.Store });
        var warnings = DataCheckText.Warnings(report).ToList();
        foreach (var warning in warnings)
            output.MarkupLine($"[yellow]check:[/] {Markup.Escape(warning)}");
        if (warnings.Count > 0)
            output.MarkupLine($"[yellow]check:[/] run [bold]fewshot check {Markup.Escape(settings.Data)}[/] for every finding and the atypical photos.");
        return report;
    }

    /// <summary>For --lr auto: runs the finder on the frozen stage and returns the options with its valley suggestion.</summary>
    public static RecipeOptions ResolveLearningRate(IAnsiConsole output, TrainSettings settings, ImageData data, BackboneInfo backbone,
        RecipeOptions options)
    {
        if (settings.FrozenRate is not null) return options;
        output.MarkupLine("Finding the learning rate (frozen body, head on cached features) …");
        var found = LrFinder.ForFrozenStage(data, backbone, options.Learner);
        var plot = Path.ChangeExtension(settings.Out, null) + ".lr-find.png";
        LrFinderChart.SavePng(found, plot);
        output.MarkupLine(Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"--lr auto: {found.Suggested:0.0e0} ({LrFinderResult.Rule}; steepest {found.Steepest:0.0e0}); plot {plot}")));
        return options with { FrozenLearningRate = LearningRates.Constant(found.Suggested) };
    }

    /// <summary>Per-class table, confusions and top losses; PNGs beside the model; the HTML report if asked.</summary>
    public static void Interpret(IAnsiConsole output, RecipeResult result, TrainSettings settings, TrainingRecorder recorder,
        DataCheckReport? check)
    {
        var interpretation = new Interpretation(result.Learner.Data.Classes, result.Validation);
        if (interpretation.Predictions.Count == 0) return;
        output.Profile.Out.Writer.Write(interpretation.DetailsText());
        var prefix = Path.ChangeExtension(settings.Out, null);
        var preview = prefix + ".preview.png";
        Interpretation.SaveDatasetPreview(result.Learner.Data.Train, interpretation.Classes, preview, result.Learner.Data.Options, seed: settings.Seed);
        foreach (var file in interpretation.SavePlots(prefix).Append(preview)) output.MarkupLine($"wrote [bold]{Markup.Escape(file)}[/]");
        if (settings.Report is null) return;
        TrainingReport.Write(settings.Report, "Fewshot training: " + settings.Data, interpretation, result.Learner.History,
            recorder.Losses, recorder.LearningRates, check, preview);
        output.MarkupLine($"wrote [bold]{Markup.Escape(settings.Report)}[/]");
    }
}
