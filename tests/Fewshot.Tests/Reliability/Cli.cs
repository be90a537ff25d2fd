using Fewshot.Cli;
using Spectre.Console;

namespace Fewshot.Tests.Reliability;

/// <summary>Runs the fewshot CLI in-process and captures what it prints, unwrapped and without colour.</summary>
static class Cli
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 10_000;
        var code = FewshotApp.Run(args, console);
        return (code, writer.ToString());
    }
}
