namespace Fewshot.Cluster.Contracts;

/// <summary>What the client needs to know of a model to lay out its results: its kind and classes.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelSummary([property: Id(0)] bool People, [property: Id(1)] string[] Classes);
