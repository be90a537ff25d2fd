using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Fewshot.Inference;

/// <summary>
/// A few dedicated threads at a lower scheduling priority (Linux: nice +10) for work that overlaps a network's forward
/// pass. The network's threads (libtorch's OpenMP team, ONNX Runtime's pool) wait for each other at every layer, so a
/// decoding thread that takes a core from one of them stalls them all; at a lower priority, decoding takes the cores
/// when they would idle and otherwise waits its turn.
/// </summary>
sealed class BackgroundThreads : TaskScheduler, IDisposable
{
    const int Niceness = 10;
    readonly BlockingCollection<Task> _queue = new();
    readonly Thread[] _threads;

    public BackgroundThreads(int count, string name)
    {
        ParallelOptions = new ParallelOptions { TaskScheduler = this, MaxDegreeOfParallelism = count };
        _threads = Enumerable.Range(0, count).Select(k => new Thread(Work) { IsBackground = true, Name = $"{name} {k + 1}" }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Options for Parallel loops run on these threads.</summary>
    public ParallelOptions ParallelOptions { get; }

    public override int MaximumConcurrencyLevel => _threads.Length;

    public Task<T> Run<T>(Func<T> work, CancellationToken cancel) =>
        Task.Factory.StartNew(work, cancel, TaskCreationOptions.DenyChildAttach, this);

    void Work()
    {
        if (OperatingSystem.IsLinux()) LowerPriority();
        try
        {
            foreach (var task in _queue.GetConsumingEnumerable()) TryExecuteTask(task);
        }
        catch (ObjectDisposedException) { }
    }

    static void LowerPriority()
    {
        try { _ = SetPriority(0, Gettid(), Niceness); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { } // only a scheduling hint
    }

    protected override void QueueTask(Task task) => _queue.Add(task);

    // Parallel loops run their first part on the calling thread: allowed only on these threads, to keep their priority.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _threads.Contains(Thread.CurrentThread) && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    public void Dispose() => _queue.CompleteAdding();

    [DllImport("libc", EntryPoint = "gettid")]
    static extern int Gettid();

    [DllImport("libc", EntryPoint = "setpriority")]
    static extern int SetPriority(int which, int who, int priority);
}
