using System.Text.Json;
using Fewshot.Cli.Rendering;
using Fewshot.Evaluation;
using Fewshot.Export;
using Fewshot.People;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

/// <summary>`fewshot train DATA --faces`: people mode.</summary>
static class PeopleTraining
{
    public static int Run(IAnsiConsole output, TrainSettings settings)
    {
        var options = new PeopleOptions
        {
            Features = settings.Features,
            NoFace = settings.NoFace,
            FaceChoice = settings.FaceChoice,
            Alignment = settings.Align,
            Seed = settings.Seed,
            BatchSize = settings.BatchSize,
            SceneBackbone = settings.Backbone,
            Decode = settings.Decode,
        };
        OutputOptions.EnsureWritable(settings.Out);
        TrainEvaluation.CheckData(output, settings, data: null);
        output.MarkupLine($"People mode: reading [bold]{Markup.Escape(settings.Data)}[/], finding faces and computing features once per photo …");
        using var interrupt = new InterruptHandler(output, "Stopping: people mode writes its model only at the end, so nothing will be saved. Press Ctrl-C again to abort at once.");
        var table = new EpochTable(output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int lastPercent = -1;
        var progress = new PeopleProgress
        {
            Features = (done, total) =>
            {
                int percent = 100 * done / Math.Max(1, total);
                if (percent / 25 == lastPercent / 25 && done != total) return;
                lastPercent = percent;
                output.MarkupLine($"  features: {done}/{total} photos ({clock.Elapsed.TotalSeconds:F0}s)");
            },
            Chosen = choice =>
            {
                output.MarkupLine("Cross-validated accuracy on the training photos:");
                foreach (var (kind, accuracy) in choice.CrossValidated)
                    output.MarkupLine($"  {kind.ToString().ToLowerInvariant(),-6} {Markup.Escape(accuracy.ToString())}");
                output.MarkupLine($"Features: [bold]{choice.Chosen.ToString().ToLowerInvariant()}[/]" +
                                  (settings.Features == PeopleFeatures.Auto ? " (chosen by cross-validation)" : " (forced by --features)") +
                                  (choice.Penalty is { } penalty ? FormattableString.Invariant($"; logistic head, L2 penalty {penalty}") : ""));
                table.PrintHeader();
            },
            EpochEnded = r => output.Profile.Out.Writer.WriteLine(EpochTable.Format(r)),
        };
        PeopleLearner learner;
        try { learner = PeopleLearner.Train(settings.Data, options, settings.ValidPct, progress, interrupt.Token); }
        catch (OperationCanceledException)
        {
            // Features come first and the head fits in seconds after them, so there is no partial model worth keeping.
            output.MarkupLine("[yellow]Stopped before the model was complete; nothing was written. People mode has no resume: " +
                              "run the same command again.[/]");
            return ExitCodes.Interrupted;
        }
        using var _ = learner;
        foreach (var warning in learner.Data.Warnings)
            output.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");

        output.WriteLine();
        output.MarkupLine($"{learner.Data.Classes.Count} classes ({Markup.Escape(string.Join(", ", learner.Data.Classes))}), " +
                          $"{learner.Data.Train.Count} training and {learner.Data.Valid.Count} validation photos");
        output.MarkupLine($"No face found: {learner.TrainFacesMissed} training and {learner.ValidFacesMissed} validation photos " +
                          (options.NoFace == NoFacePolicy.Whole ? "(the whole photo was used)" : "(excluded)"));
        if (options.NoFace == NoFacePolicy.Exclude)
            foreach (var photo in learner.Data.Train.Where(p => !p.FaceFound).Concat(learner.ExcludedValid))
                output.MarkupLine($"  excluded: {Markup.Escape(photo.Path)}");
        output.MarkupLine(learner.Spec.UnknownDistance is { } limit
            ? $"Unknown-face threshold: {limit:F3} (distance to the nearest training face; {learner.Spec.UnknownQuantile * 100:F0}% of training faces are within it of another face of their class)"
            : "Unknown-face threshold: none (no class has two faces)");
        output.MarkupLine($"Total time {clock.Elapsed.TotalSeconds:F1}s");
        output.MarkupLine($"Validation accuracy: [bold]{Markup.Escape(learner.Validation.Accuracy.ToString())}[/]");
        var predictions = learner.Validation.Predictions;
        output.WriteLine(new ConfusionMatrix(learner.Data.Classes, predictions.Select(p => p.Actual).ToList(),
            predictions.Select(p => p.Predicted).ToList()).ToText());
        learner.Export(settings.Out);
        output.MarkupLine($"wrote [bold]{Markup.Escape(settings.Out)}[/] (a people model: the head and the training faces' descriptors, no photos)");
        if (settings.Json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                mode = "people",
                features = learner.Spec.Features,
                crossValidation = learner.Spec.CrossValidation,
                penalty = learner.Spec.Penalty,
                accuracy = learner.Validation.Accuracy.Value,
                validCorrect = learner.Validation.Accuracy.Successes,
                validImages = learner.Validation.Accuracy.Total,
                trainFacesMissed = learner.TrainFacesMissed,
                validFacesMissed = learner.ValidFacesMissed,
                unknownDistance = learner.Spec.UnknownDistance,
                seconds = clock.Elapsed.TotalSeconds,
                model = settings.Out,
            }, ModelFile.Json));
        return learner.Stage.Cancelled ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
