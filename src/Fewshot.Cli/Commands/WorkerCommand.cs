using System.ComponentModel;
using System.Net;
using Fewshot.Cluster.Addressing;
using Fewshot.Cluster.Worker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class WorkerSettings : CommandSettings
{
    [CommandOption("--cluster <URL>")]
    [Description("The Redis that keeps the cluster's membership: redis://HOST:PORT (redis://:PASSWORD@HOST:PORT with a password, " +
                 "or the password in FEWSHOT_REDIS_PASSWORD; rediss:// for TLS to Redis).")]
    public string Cluster { get; init; } = "";

    [CommandOption("--threads <N>")]
    [Description("Threads for the network and for decoding photos each. Default: one per core.")]
    public int? Threads { get; init; }

    [CommandOption("--listen <ADDRESS>")]
    [Description("Address to listen on and to be reached at by the other workers and by clients. Default 127.0.0.1 (this machine only).")]
    [DefaultValue("127.0.0.1")]
    public string Listen { get; init; } = "127.0.0.1";

    [CommandOption("--port <PORT>")]
    [Description("Port for the other workers (0: a free one).")]
    [DefaultValue(0)]
    public int Port { get; init; }

    [CommandOption("--gateway-port <PORT>")]
    [Description("Port for clients (`predict --cluster`) (0: a free one).")]
    [DefaultValue(0)]
    public int GatewayPort { get; init; }

    [CommandOption("--name <NAME>")]
    [Description("How messages name this worker. Default: HOST:PORT.")]
    public string? Name { get; init; }

    public override ValidationResult Validate() =>
        ClusterAddress.TryParse(Cluster, out var error) is null ? ValidationResult.Error($"--cluster: {error}")
        : Threads is < 1 ? ValidationResult.Error("--threads must be at least 1.")
        : !IPAddress.TryParse(Listen, out var listen) ? ValidationResult.Error($"--listen '{Listen}' is not an IP address.")
        : listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any)
            ? ValidationResult.Error($"--listen {Listen} listens everywhere but cannot be reached at: give this machine's address on the " +
                                     "network the other workers and clients use.")
        : Port is < 0 or > 65535 || GatewayPort is < 0 or > 65535 ? ValidationResult.Error("--port and --gateway-port must be 0 to 65535.")
        : Port != 0 && Port == GatewayPort ? ValidationResult.Error("--port and --gateway-port must differ.")
        : ValidationResult.Success();
}

/// <summary>`fewshot worker`: joins the cluster as an Orleans silo and scores the chunks clients hand it, until stopped.</summary>
public sealed class WorkerCommand(IAnsiConsole console) : Command<WorkerSettings>
{
    public override int Execute(CommandContext context, WorkerSettings settings, CancellationToken cancellation)
    {
        var address = ClusterAddress.Parse(settings.Cluster);
        var listen = IPAddress.Parse(settings.Listen);
        if (!IPAddress.IsLoopback(listen))
            console.MarkupLine($"[yellow]warning:[/] listening on {Markup.Escape(settings.Listen)}: machines that reach it can join the cluster " +
                               "and ask this worker to read files. Traffic is not encrypted unless TLS is set up (docs/cluster.md).");
        using var interrupt = new InterruptHandler(console, "Leaving the cluster: its chunks go to the other workers. Press Ctrl-C again to stop at once.");
        var options = new WorkerOptions
        {
            Name = settings.Name ?? "", Threads = settings.Threads ?? Environment.ProcessorCount, Listen = listen,
            SiloPort = settings.Port, GatewayPort = settings.GatewayPort,
        };
        var log = new WorkerLog(console.Profile.Out.Writer);
        WorkerHost worker;
        try { worker = WorkerHost.StartAsync(address, options, log, interrupt.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { return ExitCodes.Interrupted; }
        try
        {
            var running = worker.Settings;
            log.Line($"worker {running.Name} listening on {running.Listen}:{running.SiloPort} (workers) and {running.Listen}:{running.GatewayPort} " +
                     $"(clients), {Counted.Of(running.Threads, "thread")}; joined the cluster at {address}: {Counted.Of(worker.ActiveWorkers, "worker")} active");
            interrupt.Token.WaitHandle.WaitOne();
            worker.StopAsync().GetAwaiter().GetResult();
            log.Line($"worker {running.Name} left the cluster");
        }
        finally
        {
            worker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return ExitCodes.Interrupted;
    }
}
