using System.Diagnostics;
using System.Globalization;

namespace Fewshot.Tests.CommandLine;

/// <summary>Runs the fewshot CLI as a child process with both streams redirected, as a script runs it.</summary>
static class ChildCli
{
    public static (int ExitCode, string Out, string Err) Run(string[] args, int columns)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Fewshot.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cli, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["COLUMNS"] = columns.ToString(CultureInfo.InvariantCulture);
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        // A guard against a hung child, not a timing assertion.
        if (!child.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"fewshot {string.Join(' ', args)} did not finish:\n{output}");
        }
        return (child.ExitCode, output, errors.Result);
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
