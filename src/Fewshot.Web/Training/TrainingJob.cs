using System.Text.Json;
using Fewshot.Web.Contract;

namespace Fewshot.Web.Training;

/// <summary>
/// One training run: its events (as JSON strings, replayed to every page that listens) and its state.
/// Events are appended by the training thread and read by any number of server-sent-event streams.
/// </summary>
public sealed class TrainingJob(string projectId, string projectName, TrainingSettings settings)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly List<string> _events = [];
    readonly Lock _lock = new();
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ProjectId { get; } = projectId;
    public string ProjectName { get; } = projectName;
    public TrainingSettings Settings { get; } = settings;
    public CancellationTokenSource Cancellation { get; } = new();
    /// <summary>running, done, failed or cancelled.</summary>
    public string State { get; private set; } = "running";
    public string? Message { get; private set; }
    public bool IsRunning => State == "running";

    public void Add(TrainingEvent payload) => Append(payload, null);

    void Append(TrainingEvent payload, string? finalState)
    {
        var json = JsonSerializer.Serialize(payload, payload.GetType(), Json);
        TaskCompletionSource changed;
        lock (_lock)
        {
            _events.Add(json);
            if (finalState is not null) State = finalState;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public void Status(string message, ProgressView? progress = null) => Add(new StatusEvent(message, progress));

    /// <summary>Ends the job with a last event: done, failed or cancelled.</summary>
    public void Finish(string state, string message, TrainingResults? results = null)
    {
        Message = message;
        Append(new FinishedEvent(state, message, results), state);
    }

    /// <summary>The events from <paramref name="seen"/> on, whether the job had finished when they were read, and a task that completes on the next event.</summary>
    public (IReadOnlyList<string> Events, bool Finished, Task Next) Read(int seen)
    {
        lock (_lock)
            return (_events.Skip(seen).ToList(), !IsRunning, _changed.Task);
    }
}
