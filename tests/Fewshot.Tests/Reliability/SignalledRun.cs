using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fewshot.Tests.Reliability;

/// <summary>Runs the fewshot CLI as a child process and sends it SIGINT (Ctrl-C) when a line it prints matches.</summary>
static class SignalledRun
{
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    const int SigInt = 2;

    public static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <returns>The exit code, everything printed (stdout and stderr) and whether the signal was sent.</returns>
    public static (int ExitCode, string Output, bool Signalled) Run(string[] args, Func<string, bool> signalWhen)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Fewshot.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cli, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["COLUMNS"] = "1000";
        using var child = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var signalled = false;
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (output) output.AppendLine(line.Data);
            if (!signalled && signalWhen(line.Data))
            {
                signalled = true;
                Kill(child.Id, SigInt);
            }
        };
        child.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        // A guard against a hung child, not a timing assertion.
        if (!child.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"the child did not stop after SIGINT:\n{output}");
        }
        child.WaitForExit();
        lock (output) return (child.ExitCode, output.ToString(), signalled);
    }
}
