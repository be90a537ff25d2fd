using Fewshot.Cli;
using Spectre.Console;

namespace Fewshot.Tests.Reliability;

/// <summary>Runs the fewshot CLI in-process and captures what it prints, unwrapped and without colour.</summary>
static class Cli
{
    /// <summary>Standard output and standard error together, in the order printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        var code = FewshotApp.Run(args, Capture(writer));
        return (code, writer.ToString());
    }

    /// <summary>Standard output and standard error apart.</summary>
    public static (int ExitCode, string Out, string Err) RunSplit(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = FewshotApp.Run(args, Capture(output), Capture(errors));
        return (code, output.ToString(), errors.ToString());
    }

    static IAnsiConsole Capture(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 10_000;
        return console;
    }
}
