namespace Fewshot.Cluster.Client;

/// <summary>How a client runs a job (FEWSHOT_CLUSTER__NAME environment variables set them).</summary>
public sealed class ClusterClientOptions
{
    /// <summary>How often the client asks which workers are active: joins and departures are noticed this fast, once Orleans knows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How long a job waits with no worker to score for it before it stops (its rows so far are kept).</summary>
    public TimeSpan NoWorkerTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Chunks each worker holds at once: one being scored, the others queued so that it never waits for the next.</summary>
    public int ChunksPerWorker { get; set; } = 2;
    /// <summary>Times a chunk is handed out before the job stops rather than take down more workers with it.</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>A chunk out this many times longer than the median chunk takes is handed to another worker as well, once
    /// no other chunk waits (<see cref="StragglerWatch{TChunk}"/>).</summary>
    public double StragglerFactor { get; set; } = 4;
    /// <summary>…but never before it has been out this long.</summary>
    public TimeSpan StragglerMinimum { get; set; } = TimeSpan.FromSeconds(10);
}
