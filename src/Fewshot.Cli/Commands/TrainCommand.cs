using Fewshot.Cli.Json;
using Fewshot.Cli.Rendering;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class TrainCommand(IAnsiConsole console, StandardError stderr) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellation)
    {
        var output = stderr.ForText(console, settings.Json);
        OutputOptions.EnsureWritable(settings.Out, settings.Report);
        using var writing = OutputLock.Acquire(settings.Out);
        if (settings.Faces) return PeopleTraining.Run(output, stderr, settings);
        var options = new RecipeOptions
        {
            Backbone = settings.Backbone,
            Weights = settings.Weights is null ? null : Path.GetFullPath(settings.Weights),
            Data = new DataOptions
            {
                Size = settings.InputSize, BatchSize = settings.BatchSize, Resize = settings.Resize,
                ValidPct = settings.ValidPct, Seed = settings.Seed, Decode = settings.Decode,
            },
            Learner = new LearnerOptions { BatchNorm = settings.BatchNorm, Seed = settings.Seed, Precision = settings.Precision },
            FrozenEpochs = settings.Epochs,
            UnfrozenEpochs = settings.UnfreezeEpochs,
            FrozenLearningRate = settings.FrozenRate ?? LearningRates.DefaultFrozen,
            UnfrozenLearningRates = settings.UnfrozenRates,
            Output = settings.Out,
        };
        ResumeCheckpoint? resume = null;
        if (settings.Resume)
        {
            resume = ResumeCheckpoint.Read(Recipe.ResumePath(settings.Out));
            if (ResumeConflicts.Find(settings, context.Arguments, resume.Options) is { Count: > 0 } conflicts)
            {
                stderr.Error($"--resume continues the interrupted run with its own options, and {string.Join(", ", conflicts)} disagree. Leave them out, or train again without --resume.");
                return ExitCodes.BadArguments;
            }
            options = resume.Options with { Output = settings.Out };
            output.MarkupLine($"Resuming stage {resume.Stage} at epoch {resume.EpochsDone + 1} from " +
                              $"[bold]{Markup.Escape(Recipe.ResumePath(settings.Out))}[/] with its options " +
                              "(an interrupted epoch starts again).");
        }
        var backbone = BackboneRegistry.Get(options.Backbone).WithWeights(options.Weights);
        var data = LoadData(output, stderr, settings.Data, options.Data, backbone);
        if (options.FrozenEpochs == 0 && options.UnfrozenEpochs == 0)
            stderr.Warning("with no epoch in either stage the model is exported untrained: its head is random and " +
                           "its predictions are guesses. Give --epochs or --unfreeze-epochs.");
        var check = TrainEvaluation.CheckData(stderr.Console, settings, data);
        if (resume is null) options = TrainEvaluation.ResolveLearningRate(output, settings, data, backbone, options);

        using var interrupt = new InterruptHandler(output);
        var table = new EpochTable(output);
        if (PrecisionNote(options) is { } note) output.MarkupLine(Markup.Escape(note));
        table.PrintHeader();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var recorder = new TrainingRecorder();
        using var result = Recipe.Run(data, options, learner => { table.Attach(learner); recorder.Attach(learner); }, interrupt.Token, resume);
        PrintSummary(output, result, clock.Elapsed);
        // The figures and the report go with the model: an interrupted run exports none, and the previous model's stay.
        if (result.Cancelled)
            output.MarkupLine($"[yellow]To continue:[/] fewshot train {Quote(settings.Data)} --out {Quote(settings.Out)} --resume");
        else
            TrainEvaluation.Interpret(output, result, settings, recorder, check);
        if (settings.Json)
            JsonOutput.Write(console, TrainingJson.From(result, clock.Elapsed));
        return result.Cancelled ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>
    /// Says when --precision auto chose bf16: the choice depends on the CPU, so the same command trains differently (and
    /// gives slightly different numbers) on machines without native bf16. The model's manifest records it too.
    /// </summary>
    static string? PrecisionNote(RecipeOptions options) =>
        options.Learner.Precision == Fewshot.Runtime.Precision.Auto &&
        Fewshot.Runtime.PrecisionExtensions.Resolve(options.Learner.Precision, options.Data.Size) == Fewshot.Runtime.Precision.Bf16
            ? "precision: bf16 mixed precision (fp32 master weights), chosen by --precision auto because this CPU computes bf16 " +
              "natively; on a CPU without it the same command trains in fp32 and its numbers differ slightly. --precision fp32 " +
              "trains alike everywhere."
            : null;

    internal static ImageData LoadData(IAnsiConsole output, StandardError stderr, string root, DataOptions options, BackboneInfo backbone)
    {
        output.MarkupLine($"Reading [bold]{Markup.Escape(root)}[/] …");
        var data = ImageData.FromFolder(root, options, backbone.Preprocessing);
        foreach (var warning in data.Warnings) stderr.Warning(warning);
        output.MarkupLine($"{data.ClassCount} classes ({Markup.Escape(string.Join(", ", data.Classes))}), " +
                          $"{data.Train.Count} training and {data.Valid.Count} validation photos, size {options.Size}");
        return data;
    }

    static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '-' or '_')
            ? argument : "'" + argument.Replace("'", "'\\''") + "'";

    static void PrintSummary(IAnsiConsole output, RecipeResult result, TimeSpan elapsed)
    {
        output.WriteLine();
        if (result.Cancelled) output.MarkupLine("[yellow]Interrupted: training stopped after the current batch; the model was not exported.[/]");
        output.MarkupLine($"Total time {elapsed.TotalSeconds:F1}s");
        if (!result.Cancelled)
            PrintValidation(output, result);
        foreach (var file in result.WrittenFiles)
            output.MarkupLine($"wrote [bold]{Markup.Escape(file)}[/]");
    }

    static void PrintValidation(IAnsiConsole output, RecipeResult result)
    {
        var validation = result.Validation;
        if (validation.Accuracy.Total == 0)
        {
            output.MarkupLine("Validation accuracy: not measured (no validation photo)");
            return;
        }
        output.MarkupLine($"Validation accuracy: [bold]{Markup.Escape(validation.Accuracy.ToString())}[/]");
        var matrix = new ConfusionMatrix(result.Learner.Data.Classes,
            validation.Predictions.Select(p => p.Actual).ToList(), validation.Predictions.Select(p => p.Predicted).ToList());
        output.Profile.Out.Writer.Write(matrix.ToText()); // raw text: a table row must not wrap at the console width
    }
}
