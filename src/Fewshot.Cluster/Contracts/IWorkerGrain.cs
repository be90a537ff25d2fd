namespace Fewshot.Cluster.Contracts;

/// <summary>
/// The scoring grain of one worker, keyed by its silo's address (<see cref="WorkerKey"/>) and activated on that worker
/// only, so that the client knows which worker holds each chunk and can hand the chunk to another when Orleans declares
/// that worker dead. It takes one call at a time: a second chunk waits in its queue, so the worker never idles between
/// chunks.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Loads the model (once per worker) and says what it is.</summary>
    [ResponseTimeout("00:10:00")]
    Task<ModelSummary> Describe(ScoringRequest request);

    /// <summary>Scores the photos at <paramref name="files"/> (paths every worker can read), in order; stops between batches when cancelled.</summary>
    [ResponseTimeout("01:00:00")]
    Task<ScoredPhoto[]> Score(ScoringRequest request, string[] files, CancellationToken cancel);
}

/// <summary>Answers, from the silo the client reached, which workers are active.</summary>
public interface IClusterViewGrain : IGrainWithIntegerKey
{
    Task<WorkerInfo[]> ActiveWorkers();
}

/// <summary>An active worker: the key of its <see cref="IWorkerGrain"/> and how to name it in messages.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerInfo([property: Id(0)] string Key, [property: Id(1)] string Name, [property: Id(2)] string Endpoint);

public static class WorkerKey
{
    public static string Of(SiloAddress silo) => silo.ToParsableString();

    public static SiloAddress Silo(string key) => SiloAddress.FromParsableString(key);
}
