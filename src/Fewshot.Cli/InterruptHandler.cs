using Spectre.Console;

namespace Fewshot.Cli;

/// <summary>First Ctrl-C: finish the current batch, save and stop. Second Ctrl-C: let the process die.</summary>
sealed class InterruptHandler : IDisposable
{
    readonly CancellationTokenSource _source = new();
    readonly IAnsiConsole _console;

    public InterruptHandler(IAnsiConsole console)
    {
        _console = console;
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => _source.Token;

    void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        _console.MarkupLine("\n[yellow]Stopping after this batch and saving; press Ctrl-C again to abort without saving.[/]");
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }
}
