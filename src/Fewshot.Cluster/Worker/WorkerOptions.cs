using System.Net;

namespace Fewshot.Cluster.Worker;

/// <summary>How a worker runs: its name in messages, the cores it uses, where it listens.</summary>
public sealed record WorkerOptions
{
    /// <summary>How messages name this worker (default HOST:SILO_PORT).</summary>
    public string Name { get; init; } = "";
    /// <summary>Threads for the network and for decoding each.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>The address to listen on and to be reached at (other workers and clients connect to it).</summary>
    public IPAddress Listen { get; init; } = IPAddress.Loopback;
    /// <summary>Port for the other workers (0: a free one).</summary>
    public int SiloPort { get; init; }
    /// <summary>Port for clients (0: a free one).</summary>
    public int GatewayPort { get; init; }
    /// <summary>How long stopping may take before the worker leaves without finishing Orleans' graceful shutdown.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
