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
    public static int Run(IAnsiConsole output, StandardError stderr, TrainSettings settings)
    {
        var options = new PeopleOptions
        {
            Features = settings.Features,
            NoFace = settings.NoFace,
            Unknown = UnknownSetting.Parse(settings.Unknown)!.Value,
            FaceChoice = settings.FaceChoice,
            Alignment = settings.Align,
            Seed = settings.Seed,
            BatchSize = settings.BatchSize,
            SceneBackbone = settings.Backbone,
            Decode = settings.Decode,
        };
        OutputOptions.EnsureWritable(settings.Out);
        TrainEvaluation.CheckData(stderr.Console, settings, data: null);
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
                foreach (var line in ChoiceText.Lines(choice, forced: settings.Features != PeopleFeatures.Auto)) output.WriteLine(line);
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
        foreach (var warning in learner.Data.Warnings) stderr.Warning(warning);

        output.WriteLine();
        output.MarkupLine($"{learner.Data.Classes.Count} classes ({Markup.Escape(string.Join(", ", learner.Data.Classes))}), " +
                          $"{learner.Data.Train.Count} training and {learner.Data.Valid.Count} validation photos");
        output.WriteLine(NoFaceText(learner, settings.NoFace));
        if (learner.Options.NoFace == NoFacePolicy.Exclude && FeatureRows.UsesFace(learner.Spec.Features))
            foreach (var photo in learner.Data.Train.Where(p => !p.FaceFound).Concat(learner.ExcludedValid))
                output.WriteLine($"  excluded: {photo.Path}");
        output.WriteLine(learner.Spec.UnknownDistance is { } limit
            ? $"Unknown faces: farther than {limit:F3} from every training face{(learner.Spec.RestClasses.Count > 0 ? " of a named person" : "")} " +
              $"(--unknown {settings.Unknown.ToLowerInvariant()}; leave-persons-out on the training faces: {learner.Unknown.Summary()})"
            : settings.Unknown.Equals("off", StringComparison.OrdinalIgnoreCase)
                ? "Unknown faces: none (--unknown off)"
                : "Unknown faces: none (it needs two people with two faces each to calibrate)");
        if (learner.Spec.RestClasses.Count > 0)
            output.WriteLine($"Classes of many people: {string.Join(", ", learner.Spec.RestClasses)} (a face far from every named person is " +
                             "answered with this class instead of 'unknown')");
        output.MarkupLine($"Total time {clock.Elapsed.TotalSeconds:F1}s");
        var answers = learner.Answers;
        output.MarkupLine($"Validation accuracy: [bold]{Markup.Escape(answers.Accuracy.ToString())}[/] " +
                          $"({answers.Accuracy.Successes} named right, {answers.Unknown} unknown, {answers.Wrong} wrong; " +
                          $"the head's best guess on the {learner.Validation.Accuracy.Total} photos it scored: {Markup.Escape(learner.Validation.Accuracy.ToString())})");
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
                accuracy = learner.Answers.Accuracy.Value,
                validCorrect = learner.Answers.Accuracy.Successes,
                validImages = learner.Answers.Accuracy.Total,
                validUnknown = learner.Answers.Unknown,
                headAccuracy = learner.Validation.Accuracy.Value,
                trainFacesMissed = learner.TrainFacesMissed,
                validFacesMissed = learner.ValidFacesMissed,
                noFace = learner.Options.NoFace,
                unknownDistance = learner.Spec.UnknownDistance,
                unknown = learner.Spec.Unknown,
                restClasses = learner.Spec.RestClasses,
                seconds = clock.Elapsed.TotalSeconds,
                model = settings.Out,
            }, ModelFile.Json));
        return learner.Stage.Cancelled ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>How many photos had no face, and what the model does with such photos (decided from the photos under auto).</summary>
    static string NoFaceText(PeopleLearner learner, NoFacePolicy asked)
    {
        var counts = $"No face found: {learner.TrainFacesMissed} training and {learner.ValidFacesMissed} validation photos";
        var share = learner.Data.MedianFaceShare();
        var why = asked != NoFacePolicy.Auto ? $" (--no-face {asked.ToString().ToLowerInvariant()})"
            : double.IsNaN(share) ? " (--no-face auto: no face was found at all)"
            : FormattableString.Invariant($" (--no-face auto: a face covers {100 * share:F0}% of its training photo, median, so these are ") +
              (learner.Options.NoFace == NoFacePolicy.Whole ? "face crops)" : "full scenes)");
        return counts + (learner.Options.NoFace == NoFacePolicy.Whole ? "; the whole photo stands in for the face" + why
            : !FeatureRows.UsesFace(learner.Spec.Features) ? "; the scene features chosen need no face, so they are named by the whole photo"
            : "; they are left out, and a photo without a face is answered 'unknown'" + why);
    }
}
