using Spectre.Console;

namespace Fewshot.Cli;

/// <summary>First Ctrl-C: finish the current batch, save and stop. Second Ctrl-C: let the process die.</summary>
sealed class InterruptHandler : IDisposable
{
    const string SavingNotice = "Stopping after this batch and saving; press Ctrl-C again to abort without saving.";

    readonly CancellationTokenSource _source = new();
    readonly IAnsiConsole _console;
    readonly string _notice;

    /// <param name="notice">What the first Ctrl-C prints (default: the batch is finished and the work saved).</param>
    public InterruptHandler(IAnsiConsole console, string notice = SavingNotice)
    {
        _console = console;
        _notice = notice;
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => _source.Token;

    void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        _console.MarkupLine($"\n[yellow]{Markup.Escape(_notice)}[/]");
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }
}
