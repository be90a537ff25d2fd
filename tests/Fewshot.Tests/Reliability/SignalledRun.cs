using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fewshot.Tests.Reliability;

/// <summary>What a signalled child printed and how it ended; <see cref="StopTime"/> runs from the signal to the exit.</summary>
sealed record SignalledResult(int ExitCode, string Output, bool Signalled, TimeSpan StopTime);

/// <summary>Runs the fewshot CLI as a child process and sends it a signal (SIGINT: Ctrl-C) when a line it prints matches.</summary>
static class SignalledRun
{
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);

    /// <summary>glibc's struct sigaction on Linux: handler, 1024-bit mask, flags, restorer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    struct SigAction
    {
        public nint Handler;
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 16)] public ulong[] Mask;
        public int Flags;
        public nint Restorer;
    }

    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    static extern int ReadSigaction(int signal, nint action, out SigAction old);

    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    static extern int WriteSigaction(int signal, ref SigAction action, nint old);

    const nint SigDefault = 0, SigIgnore = 1;

    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>
    /// A shell starts background jobs with SIGINT ignored (`bash scripts/test.sh &`), `nohup` ignores SIGHUP, and a child
    /// inherits both: it would then never see the signal it is sent. Before starting one, an ignored stop signal goes back
    /// to its default (a handler the runtime installed is left alone: children start with it reset to the default).
    /// </summary>
    internal static void StopIgnoringStopSignals()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var signal in new[] { SigInt, SigTerm, SigHup })
        {
            if (ReadSigaction(signal, 0, out var current) != 0 || current.Handler != SigIgnore) continue;
            var reset = new SigAction { Handler = SigDefault, Mask = new ulong[16] };
            WriteSigaction(signal, ref reset, 0);
        }
    }

    /// <returns>The exit code, everything printed (stdout and stderr) and whether SIGINT was sent.</returns>
    public static (int ExitCode, string Output, bool Signalled) Run(string[] args, Func<string, bool> signalWhen)
    {
        var result = Send(SigInt, args, signalWhen);
        return (result.ExitCode, result.Output, result.Signalled);
    }

    /// <summary>Sends <paramref name="signal"/> the first time a line the child prints on stdout matches.</summary>
    public static SignalledResult Send(int signal, string[] args, Func<string, bool> signalWhen)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Fewshot.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cli, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["COLUMNS"] = "1000";
        StopIgnoringStopSignals();
        using var child = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var signalled = false;
        var sinceSignal = new Stopwatch();
        void OnLine(string? line, bool watched)
        {
            if (line is null) return;
            lock (output)
            {
                output.AppendLine(line);
                if (!watched || signalled || !signalWhen(line)) return;
                signalled = true;
                sinceSignal.Start();
            }
            Kill(child.Id, signal);
        }
        child.OutputDataReceived += (_, line) => OnLine(line.Data, watched: true);
        child.ErrorDataReceived += (_, line) => OnLine(line.Data, watched: false);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        // A guard against a hung child, not a timing assertion.
        if (!child.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"the child did not stop after signal {signal}:\n{output}");
        }
        child.WaitForExit();
        sinceSignal.Stop();
        lock (output) return new SignalledResult(child.ExitCode, output.ToString(), signalled, sinceSignal.Elapsed);
    }
}
