using Fewshot.Inference;
using Fewshot.People;

namespace Fewshot.Cluster.Contracts;

/// <summary>
/// One photo of a chunk, by its position in the chunk: an image model's prediction, a people model's answers (one, or one
/// per face), or why the photo could not be scored.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScoredPhoto(
    [property: Id(0)] int Index,
    [property: Id(1)] Prediction? Prediction,
    [property: Id(2)] PersonPrediction[]? People,
    [property: Id(3)] string? Error);
