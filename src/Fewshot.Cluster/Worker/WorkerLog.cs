namespace Fewshot.Cluster.Worker;

/// <summary>A worker's own lines (joined, chunks, models), one whole line at a time from any thread.</summary>
public sealed class WorkerLog(TextWriter output)
{
    readonly Lock _gate = new();

    public void Line(string text)
    {
        lock (_gate)
        {
            output.WriteLine($"{DateTime.Now:HH:mm:ss} {text}");
            output.Flush();
        }
    }
}
