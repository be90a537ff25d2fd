using Spectre.Console;

namespace Fewshot.Cli;

/// <summary>
/// Where warnings and errors go: standard error, so that standard output holds only a command's results (rows, tables,
/// JSON) and a script reading it never meets a warning. Commands receive it by injection next to the output console.
/// </summary>
public sealed class StandardError(IAnsiConsole console)
{
    /// <summary>The console on standard error, for what a command prints beside its results (progress, tables with --json).</summary>
    public IAnsiConsole Console => console;

    /// <summary>
    /// Where a command's human-readable text goes: <paramref name="output"/> (standard output), or standard error when
    /// --json keeps standard output for the JSON document.
    /// </summary>
    public IAnsiConsole ForText(IAnsiConsole output, bool json) => json ? console : output;

    /// <summary>One line "warning: MESSAGE" (the message is plain text, not markup).</summary>
    public void Warning(string message) => console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    /// <summary>One line "error: MESSAGE" (the message is plain text, not markup).</summary>
    public void Error(string message) => console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
}
