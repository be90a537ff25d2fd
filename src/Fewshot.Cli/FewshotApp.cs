using Fewshot.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli;

public static class FewshotApp
{
    // With --json, stdout holds JSON only: an error goes to stderr (exit code and message as without it).
    public static int Run(string[] args) => Run(args, AnsiConsole.Console,
        args.Contains("--json") ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : null);

    /// <summary>
    /// Runs the CLI writing to <paramref name="console"/> (tests capture output this way); errors go to
    /// <paramref name="errors"/> when given.
    /// </summary>
    public static int Run(string[] args, IAnsiConsole console, IAnsiConsole? errors = null)
    {
        errors ??= console;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Console = console;
            config.SetApplicationName("fewshot");
            config.PropagateExceptions();
            // A mistyped option (--thresold) is an error, not silently ignored.
            config.UseStrictParsing();
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train a classifier on a folder of photos with the transfer-learning recipe.")
                .WithExample("train", "photos/", "--out", "messi.fewshot");
            config.AddCommand<PredictCommand>("predict")
                .WithDescription("Classify photos (files or folders) with a trained model.")
                .WithExample("predict", "messi.fewshot", "new-photo.jpg")
                .WithExample("predict", "messi.onnx", "photos/", "--out", "results.csv");
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Export a trained model to ONNX, preprocessing included, to run without Fewshot's training stack.")
                .WithExample("export", "messi.fewshot", "--onnx", "messi.onnx");
            config.AddCommand<SetupCommand>("setup")
                .WithDescription("Install optional models ahead of time: `fewshot setup faces`.");
            config.AddCommand<InterpretCommand>("interpret")
                .WithDescription("Confusion matrix, per-class precision/recall, top losses of a model on labelled photos.")
                .WithExample("interpret", "messi.fewshot", "photos/");
            config.AddCommand<LrFindCommand>("lr-find")
                .WithDescription("Learning-rate finder: sweep, plot and suggest the frozen stage's learning rate.")
                .WithExample("lr-find", "photos/");
            config.AddCommand<CheckCommand>("check")
                .WithDescription("Check a dataset: unreadable, tiny, duplicate and atypical photos, imbalance, split gaps.")
                .WithExample("check", "photos/");
            config.AddCommand<CvCommand>("cv")
                .WithDescription("Stratified k-fold cross-validation: accuracy with interval, recipe comparison, likely mislabels.")
                .WithExample("cv", "photos/", "--folds", "5", "--compare", "frozen,finetune");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("A local web page to train and test classifiers without writing code.");
            config.AddCommand<WorkerCommand>("worker")
                .WithDescription("Join a cluster of workers (Orleans, membership in Redis) that `predict --cluster` spreads photos over.")
                .WithExample("worker", "--cluster", "redis://127.0.0.1:6379");
            config.AddCommand<InfoCommand>("info")
                .WithDescription("Show what Fewshot found on this machine: native runtime, threads, precision, models.");
            config.AddCommand<DemoCommand>("demo")
                .WithDescription("Built-in example: Fashion-MNIST, 30+20 photos per class, scored on 10,000 test images.");
        });
        try
        {
            InterruptHandler.Reset();
            var code = app.Run(args);
            return code == ExitCodes.Interrupted ? InterruptHandler.ExitCode : code;
        }
        catch (CommandAppException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            errors.MarkupLine("Run [bold]fewshot --help[/] (or fewshot COMMAND --help) for usage.");
            return ExitCodes.BadArguments;
        }
        catch (FewshotException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Failed;
        }
    }
}
