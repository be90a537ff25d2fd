namespace Fewshot.Cluster.Client;

/// <summary>
/// Which chunks have been out far longer than chunks take: a worker that stalls without leaving the cluster, or one whose
/// death the client never hears of, would otherwise hold them, and the job, for as long as a call may last. The job hands
/// such a chunk to another worker as well (a backup, as MapReduce does with its stragglers) once no other chunk waits;
/// whichever copy answers first counts. Not thread-safe: the job calls it under its lock.
/// </summary>
sealed class StragglerWatch<TChunk>(ClusterClientOptions options) where TChunk : class
{
    readonly Dictionary<TChunk, (TimeSpan Since, string Worker)> _out = new(ReferenceEqualityComparer.Instance);
    readonly List<TimeSpan> _took = [];

    /// <summary>A worker took the chunk at <paramref name="now"/> (again, if it was out already).</summary>
    public void HandedOut(TChunk chunk, string worker, TimeSpan now) => _out[chunk] = (now, worker);

    /// <summary>A worker answered the chunk after <paramref name="took"/>.</summary>
    public void Answered(TChunk chunk, TimeSpan took)
    {
        _out.Remove(chunk);
        _took.Add(took);
    }

    /// <summary>The chunk is no longer out (its worker failed or left; it waits in the queue again).</summary>
    public void Returned(TChunk chunk) => _out.Remove(chunk);

    /// <summary>How long a chunk may be out before it is backed up: a multiple of the median chunk, and never less than the minimum.</summary>
    public TimeSpan? Limit => _took.Count == 0 ? null
        : TimeSpan.FromTicks(Math.Max(options.StragglerMinimum.Ticks, (long)(options.StragglerFactor * _took.Order().ElementAt(_took.Count / 2).Ticks)));

    /// <summary>
    /// The chunks out longer than <see cref="Limit"/> at <paramref name="now"/>, with the worker that holds them; their clock
    /// starts again, so a chunk is backed up once per limit at most. None before a chunk has been answered: the pace is
    /// unknown until then.
    /// </summary>
    public List<(TChunk Chunk, string Worker, TimeSpan Out)> Overdue(TimeSpan now)
    {
        if (Limit is not { } limit) return [];
        var overdue = _out.Where(o => now - o.Value.Since > limit).Select(o => (o.Key, o.Value.Worker, now - o.Value.Since)).ToList();
        foreach (var (chunk, worker, _) in overdue) _out[chunk] = (now, worker);
        return overdue;
    }
}
