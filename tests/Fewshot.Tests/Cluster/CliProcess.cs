using System.Diagnostics;
using System.Text;
using Fewshot.Tests.Reliability;

namespace Fewshot.Tests.Cluster;

/// <summary>
/// The fewshot CLI as a child process (a worker, or a client the test acts on while it runs): what it prints, line by
/// line, and how it ended. Membership timeouts are shortened so that a killed worker is noticed in seconds.
/// </summary>
sealed class CliProcess : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string> FastMembership = new Dictionary<string, string>
    {
        ["FEWSHOT_ORLEANS__MEMBERSHIP__PROBETIMEOUT"] = "00:00:01",
        ["FEWSHOT_ORLEANS__MEMBERSHIP__NUMMISSEDPROBESLIMIT"] = "2",
        ["FEWSHOT_ORLEANS__MEMBERSHIP__NUMVOTESFORDEATHDECLARATION"] = "1",
        ["FEWSHOT_ORLEANS__MEMBERSHIP__TABLEREFRESHTIMEOUT"] = "00:00:02",
        ["FEWSHOT_ORLEANS__MEMBERSHIP__IAMALIVETABLEPUBLISHTIMEOUT"] = "00:00:02",
    };

    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly Stopwatch _sinceSignal = new();

    CliProcess(Process process) => _process = process;

    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Fewshot.Cli.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["COLUMNS"] = "1000";
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        foreach (var (name, value) in FastMembership) start.Environment[name] = value;
        SignalledRun.StopIgnoringStopSignals();
        var child = new CliProcess(Process.Start(start)!);
        child._process.OutputDataReceived += (_, line) => child.Add(line.Data);
        child._process.ErrorDataReceived += (_, line) => child.Add(line.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>A worker of the cluster at <paramref name="cluster"/>, one thread, starting.</summary>
    public static CliProcess StartWorker(string cluster) => Start("worker", "--cluster", cluster, "--threads", "1");

    /// <summary>A worker of the cluster at <paramref name="cluster"/>, one thread, once it has joined.</summary>
    public static CliProcess Worker(string cluster)
    {
        var worker = StartWorker(cluster);
        worker.WaitUntilJoined();
        return worker;
    }

    public void WaitUntilJoined() => WaitFor(line => line.Contains("joined the cluster"), "joins the cluster");

    void Add(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public IEnumerable<string> Lines => Output.Split('\n').Select(l => l.TrimEnd('\r'));

    /// <summary>Waits (a guard, not a timing assertion) until a line it printed matches.</summary>
    public void WaitFor(Func<string, bool> line, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!Lines.Any(line))
        {
            if (_process.HasExited) Assert.Fail($"the process ended before it {what}:\n{Output}");
            if (clock.Elapsed > (timeout ?? TimeSpan.FromMinutes(2))) Assert.Fail($"the process did not {what}:\n{Output}");
            Thread.Sleep(50);
        }
    }

    public void Signal(int signal)
    {
        _sinceSignal.Start();
        SignalledRun.Kill(_process.Id, signal);
    }

    /// <summary>SIGKILL: no handler runs, nothing is cleaned up.</summary>
    public void KillHard() => _process.Kill();

    /// <summary>Waits for the exit (a guard against a hang) and returns its code with the time since the last signal.</summary>
    public (int ExitCode, TimeSpan SinceSignal) WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the process did not exit:\n{Output}");
        }
        _process.WaitForExit();
        _sinceSignal.Stop();
        return (_process.ExitCode, _sinceSignal.Elapsed);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
