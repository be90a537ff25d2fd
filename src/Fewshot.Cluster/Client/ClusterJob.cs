using System.Diagnostics;
using System.Threading.Channels;
using Fewshot.Cluster.Contracts;

namespace Fewshot.Cluster.Client;

/// <summary>
/// Scores a list of photos on the cluster. The photos are cut into chunks; each active worker holds
/// <see cref="ClusterClientOptions.ChunksPerWorker"/> of them at a time, so a faster worker takes more. A chunk whose
/// worker fails or leaves (Orleans' membership declares it dead, or it stops answering) goes back to the queue for
/// another worker; a chunk out far longer than chunks take is handed to another worker as well once no other chunk
/// waits (<see cref="StragglerWatch{TChunk}"/>); a worker that joins takes chunks from then on. Each photo's result is
/// yielded once, however many times its chunk was scored.
/// </summary>
public sealed class ClusterJob(ClusterConnection connection, ScoringRequest request, int chunkSize)
{
    /// <summary>Workers joining, leaving or failing, as they happen (called from background threads).</summary>
    public event Action<string>? Notice;

    /// <summary>Workers that scored for this job.</summary>
    public int WorkersUsed => _workersUsed.Count;

    /// <summary>Chunks handed to another worker after theirs failed, left or stalled.</summary>
    public int ChunksRetried => _chunksRetried;

    readonly HashSet<string> _workersUsed = [];
    int _chunksRetried;

    /// <summary>A run of photos handed out together, and how many times it has been.</summary>
    sealed record Chunk(int First, int Count)
    {
        public int Attempts { get; set; }
        public string? LastError { get; set; }
    }

    /// <summary>
    /// Each photo's result as it comes back, with its index in <paramref name="paths"/>; errors name the photo as given.
    /// Throws <see cref="OperationCanceledException"/> when cancelled and <see cref="FewshotException"/> when no worker is left.
    /// </summary>
    public IEnumerable<(int Index, ScoredPhoto Photo)> Score(IReadOnlyList<string> paths, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var results = Channel.CreateUnbounded<(int, ScoredPhoto)>(new UnboundedChannelOptions { SingleReader = true });
        var run = Task.Run(() => RunAsync(paths, results.Writer, stop.Token));
        try
        {
            foreach (var result in results.Reader.ReadAllAsync(cancel).ToBlockingEnumerable(cancel)) yield return result;
        }
        finally
        {
            stop.Cancel();
            run.Wait(TimeSpan.FromSeconds(5));
        }
    }

    async Task RunAsync(IReadOnlyList<string> paths, ChannelWriter<(int, ScoredPhoto)> results, CancellationToken cancel)
    {
        var fullPaths = paths.Select(Path.GetFullPath).ToArray();
        var queue = Channel.CreateUnbounded<Chunk>();
        for (int first = 0; first < paths.Count; first += chunkSize)
            queue.Writer.TryWrite(new Chunk(first, Math.Min(chunkSize, paths.Count - first)));
        var delivered = new bool[paths.Count];
        var remaining = paths.Count;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var feeds = new Dictionary<string, WorkerFeed>();
        var benched = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var gate = new Lock();
        var clock = Stopwatch.StartNew();
        var stragglers = new StragglerWatch<Chunk>(connection.Options);
        if (remaining == 0) finished.TrySetResult();

        bool Answered(Chunk chunk) => Enumerable.Range(chunk.First, chunk.Count).All(i => delivered[i]);

        void Deliver(Chunk chunk, ScoredPhoto[] scored)
        {
            lock (gate)
            {
                foreach (var photo in scored)
                {
                    var index = chunk.First + photo.Index;
                    if (delivered[index]) continue;
                    delivered[index] = true;
                    remaining--;
                    results.TryWrite((index, photo with { Error = photo.Error?.Replace(fullPaths[index], paths[index]) }));
                }
                if (remaining == 0)
                {
                    queue.Writer.TryComplete();
                    finished.TrySetResult();
                }
            }
        }

        void Requeue(Chunk chunk, string why)
        {
            lock (gate)
            {
                stragglers.Returned(chunk);
                if (Answered(chunk)) return;
                chunk.Attempts++;
                chunk.LastError = why;
                _chunksRetried++;
                if (chunk.Attempts >= connection.Options.MaxAttempts)
                    finished.TrySetException(new FewshotException(
                        $"{chunk.Count} photos, from '{paths[chunk.First]}' on, were being scored each of the {chunk.Attempts} times a worker " +
                        $"failed (last: {why}). The job stops rather than take down more workers: check those photos, then rerun."));
                else queue.Writer.TryWrite(chunk);
            }
        }

        async Task Feed(WorkerFeed feed)
        {
            var grain = connection.Client.GetGrain<IWorkerGrain>(feed.Worker.Key);
            while (await WaitForChunk(feed))
            {
                if (!queue.Reader.TryRead(out var chunk)) continue;
                var started = clock.Elapsed;
                lock (gate)
                {
                    if (Answered(chunk)) continue; // a backup whose first copy answered while it waited
                    stragglers.HandedOut(chunk, feed.Worker.Name, started);
                }
                try
                {
                    var scored = await grain.Score(request, fullPaths[chunk.First..(chunk.First + chunk.Count)], feed.Stop.Token);
                    if (scored.Length != chunk.Count)
                        throw new InvalidOperationException($"it answered {scored.Length} results for {chunk.Count} photos");
                    lock (gate)
                    {
                        _workersUsed.Add(feed.Worker.Key);
                        stragglers.Answered(chunk, clock.Elapsed - started);
                    }
                    Deliver(chunk, scored);
                }
                catch (Exception e)
                {
                    var why = feed.Stop.IsCancellationRequested ? feed.StopReason ?? "stopped" : $"{feed.Worker.Name} failed: {ErrorText.FirstLine(e)}";
                    Requeue(chunk, why);
                    if (!feed.Stop.IsCancellationRequested && !cancel.IsCancellationRequested)
                    {
                        benched[feed.Worker.Key] = why;
                        feed.Cancel(why);
                        Notice?.Invoke($"worker {why}; it gets no more chunks of this job, and its chunks go to the other workers");
                    }
                    return;
                }
            }
        }

        async Task<bool> WaitForChunk(WorkerFeed feed)
        {
            try { return await queue.Reader.WaitToReadAsync(feed.Stop.Token); }
            catch (OperationCanceledException) { return false; }
        }

        void BackUpStragglers()
        {
            lock (gate)
            {
                if (queue.Reader.Count > 0) return;
                // A chunk leaves the watch as it is answered or returned (both under this lock), so none of these is answered.
                foreach (var (chunk, worker, late) in stragglers.Overdue(clock.Elapsed))
                {
                    _chunksRetried++;
                    queue.Writer.TryWrite(chunk);
                    Notice?.Invoke($"{chunk.Count} photos from '{paths[chunk.First]}' on were with {worker} for {late.TotalSeconds:F0} s, " +
                                   "far longer than chunks take: handed to another worker as well");
                }
            }
        }

        var lastActive = Stopwatch.StartNew();
        var polled = false;
        try
        {
            while (!finished.Task.IsCompleted)
            {
                cancel.ThrowIfCancellationRequested();
                if (await connection.ActiveWorkersAsync(cancel) is { } active)
                {
                    foreach (var worker in active)
                    {
                        if (feeds.ContainsKey(worker.Key) || benched.ContainsKey(worker.Key)) continue;
                        var feed = new WorkerFeed(worker, cancel);
                        feeds[worker.Key] = feed;
                        feed.Slots = Enumerable.Range(0, connection.Options.ChunksPerWorker).Select(_ => Task.Run(() => Feed(feed))).ToArray();
                        if (polled)
                            Notice?.Invoke($"worker {worker.Name} ({worker.Endpoint}) joined and takes chunks");
                    }
                    polled = true;
                    foreach (var (key, feed) in feeds.Where(f => !f.Value.Stop.IsCancellationRequested && active.All(w => w.Key != f.Key)).ToList())
                    {
                        feed.Cancel($"{feed.Worker.Name} left the cluster");
                        Notice?.Invoke($"worker {feed.Worker.Name} left the cluster; its chunks go to the other workers");
                    }
                }
                foreach (var key in feeds.Where(f => f.Value.Stop.IsCancellationRequested && f.Value.Slots.All(s => s.IsCompleted)).Select(f => f.Key).ToList())
                    feeds.Remove(key);
                BackUpStragglers();
                if (feeds.Values.Any(f => !f.Stop.IsCancellationRequested)) lastActive.Restart();
                else if (lastActive.Elapsed > connection.Options.NoWorkerTimeout)
                    throw new FewshotException($"No worker has been there to score for {connection.Options.NoWorkerTimeout.TotalSeconds:F0} s " +
                                               $"({remaining} photos to go{(benched.IsEmpty ? "" : "; " + string.Join("; ", benched.Values))}). " +
                                               $"Start workers with `fewshot worker --cluster {connection.Address}`, then rerun the same command.");
                await Task.WhenAny(finished.Task, Task.Delay(connection.Options.PollInterval, cancel));
            }
            await finished.Task;
            results.TryComplete();
        }
        catch (Exception e)
        {
            results.TryComplete(e);
        }
        finally
        {
            foreach (var feed in feeds.Values) feed.Cancel("the job ended");
        }
    }

    /// <summary>The chunks one worker is scoring for the job; cancelled when it leaves, fails or the job ends.</summary>
    sealed class WorkerFeed(WorkerInfo worker, CancellationToken job)
    {
        public WorkerInfo Worker { get; } = worker;
        public CancellationTokenSource Stop { get; } = CancellationTokenSource.CreateLinkedTokenSource(job);
        public string? StopReason { get; private set; }
        public Task[] Slots { get; set; } = [];

        public void Cancel(string reason)
        {
            StopReason ??= reason;
            try { Stop.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }
}
