using System.Reflection;
using Fewshot.Cli.Commands;
using Fewshot.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli;

public static class FewshotApp
{
    /// <summary>
    /// The width given to a console that is not a terminal (a pipe, a file): its lines are records that scripts read
    /// one at a time, so nothing is wrapped, whatever COLUMNS says.
    /// </summary>
    const int UnwrappedWidth = 1_000_000;

    /// <summary>The package version ("0.1.0", "0.1.0-ci.42"), without the source revision the build appends after '+'.</summary>
    public static string Version { get; } =
        (typeof(FewshotApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>Runs the CLI on the process's standard output and standard error.</summary>
    public static int Run(string[] args) =>
        Run(args, ConsoleOn(Console.Out, Console.IsOutputRedirected), ConsoleOn(Console.Error, Console.IsErrorRedirected));

    static IAnsiConsole ConsoleOn(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected) console.Profile.Width = UnwrappedWidth;
        return console;
    }

    /// <summary>
    /// Runs the CLI writing results to <paramref name="console"/> and warnings and errors to <paramref name="errors"/>
    /// (tests capture output this way; without <paramref name="errors"/> both go to <paramref name="console"/>).
    /// </summary>
    public static int Run(string[] args, IAnsiConsole console, IAnsiConsole? errors = null)
    {
        errors ??= console;
        bool bare = args.Length == 0;
        var app = new CommandApp();
        app.Configure(config =>
        {
            // Bare `fewshot` is a usage error: its help goes to standard error, and the exit code says so.
            config.Settings.Console = bare ? errors : console;
            config.Settings.Registrar.RegisterInstance(new StandardError(errors));
            config.SetApplicationName("fewshot");
            config.SetApplicationVersion(Version);
            config.SetHelpProvider(new HelpText(config.Settings));
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
            if (bare) return ExitCodes.BadArguments;
            return code == ExitCodes.Interrupted ? InterruptHandler.ExitCode : code;
        }
        catch (CommandAppException e)
        {
            // Spectre's own display where it has one: the command line with the culprit underlined and "Did you mean …?".
            if (e.Pretty is { } pretty) errors.Write(pretty);
            else errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
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
