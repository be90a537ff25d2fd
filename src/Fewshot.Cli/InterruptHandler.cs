using System.Runtime.InteropServices;
using Spectre.Console;

namespace Fewshot.Cli;

/// <summary>
/// The first Ctrl-C (SIGINT), SIGTERM (`kill`, `timeout`, container stops, systemd) or SIGHUP (the terminal closed):
/// finish the current batch, save and stop. A second one: let the process die.
/// </summary>
sealed class InterruptHandler : IDisposable
{
    const string SavingNotice = "Stopping after this batch and saving; press Ctrl-C again to abort without saving.";
    static readonly PosixSignal[] Handled = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];

    // Process-wide, as signals are: FewshotApp turns a command's "interrupted" into the exit code of the signal received.
    static PosixSignal? _received;

    readonly CancellationTokenSource _source = new();
    readonly IAnsiConsole _console;
    readonly string _notice;
    readonly List<PosixSignalRegistration> _registrations;

    /// <param name="notice">What the first signal prints (default: the batch is finished and the work saved).</param>
    public InterruptHandler(IAnsiConsole console, string notice = SavingNotice)
    {
        _console = console;
        _notice = notice;
        _registrations = Handled.Select(signal => PosixSignalRegistration.Create(signal, OnSignal)).ToList();
    }

    public CancellationToken Token => _source.Token;

    /// <summary>128 + the number of the signal that stopped the command (130 SIGINT, 143 SIGTERM, 129 SIGHUP), as shells report it.</summary>
    public static int ExitCode => _received switch
    {
        PosixSignal.SIGTERM => ExitCodes.Terminated,
        PosixSignal.SIGHUP => ExitCodes.HungUp,
        _ => ExitCodes.Interrupted,
    };

    /// <summary>Forgets the signal of an earlier command run in this process.</summary>
    public static void Reset() => _received = null;

    void OnSignal(PosixSignalContext context)
    {
        // A second signal keeps its default action: the process ends at once.
        if (_source.IsCancellationRequested) return;
        context.Cancel = true;
        _received = context.Signal;
        _console.MarkupLine($"\n[yellow]{Markup.Escape(_notice)}[/]");
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
