using System.Text.Json.Serialization;
using Fewshot.Web.Training;

namespace Fewshot.Web.Contract;

/// <summary>
/// One server-sent event of a training run; its "type" (written first) says which. The page's script reads them
/// through the TrainingEvent type declared in wwwroot/app.js.
/// </summary>
public abstract record TrainingEvent;

/// <summary>Training started: the classes and how many photos train and check.</summary>
public sealed record StartedEvent(IReadOnlyList<string> Classes, int Train, int Valid, TrainingSettings Settings) : TrainingEvent
{
    [JsonPropertyOrder(-1)]
    public string Type => "started";
}

/// <summary>A data warning (a skipped photo, imbalance).</summary>
public sealed record WarningEvent(string Message) : TrainingEvent
{
    [JsonPropertyOrder(-1)]
    public string Type => "warning";
}

/// <summary>What training is doing now.</summary>
public sealed record StatusEvent(string Message, ProgressView? Progress) : TrainingEvent
{
    [JsonPropertyOrder(-1)]
    public string Type => "status";
}

/// <summary>Features computed so far (the frozen body's, or people mode's faces), with the time they took.</summary>
public sealed record FeaturesEvent(int Done, int Total, string Message, ProgressView Progress, double Seconds) : TrainingEvent
{
    [JsonPropertyOrder(-1)]
    public string Type => "features";
}

/// <summary>A training batch's loss; <see cref="Step"/> counts batches over the run (the loss curve's x).</summary>
public sealed record BatchEvent(int Stage, int Epoch, int Batch, int Batches, double? Loss, int Step, ProgressView Progress) : TrainingEvent
{
    [JsonPropertyOrder(-1)]
    public string Type => "batch";
}

/// <summary>An epoch's row of the table.</summary>
public sealed record EpochEvent(EpochView Row, int Step, ProgressView Progress) : TrainingEvent
{
    [JsonPropertyOrder(-1)]
    public string Type => "epoch";
}

/// <summary>The last event: done (with the results), failed or cancelled.</summary>
public sealed record FinishedEvent(string State, string Message, TrainingResults? Results) : TrainingEvent
{
    [JsonPropertyOrder(-1)]
    public string Type => State;

    [JsonIgnore]
    public string State { get; init; } = State;
}
