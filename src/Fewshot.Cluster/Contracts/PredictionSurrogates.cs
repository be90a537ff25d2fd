using Fewshot.Faces;
using Fewshot.Inference;
using Fewshot.People;

namespace Fewshot.Cluster.Contracts;

// The library's result types travel between workers and the client as they are, through these surrogates (the library
// stays free of Orleans). Every field is kept, so that a row written from a worker's answer equals the local one.

[GenerateSerializer]
public struct PredictionSurrogate
{
    [Id(0)] public string Source;
    [Id(1)] public string Label;
    [Id(2)] public int ClassIndex;
    [Id(3)] public float Probability;
    [Id(4)] public float[] Probabilities;
    [Id(5)] public bool IsUnknown;
}

[RegisterConverter]
public sealed class PredictionConverter : IConverter<Prediction, PredictionSurrogate>
{
    public Prediction ConvertFromSurrogate(in PredictionSurrogate s) =>
        new(s.Source, s.Label, s.ClassIndex, s.Probability, s.Probabilities, s.IsUnknown);

    public PredictionSurrogate ConvertToSurrogate(in Prediction p) => new()
    {
        Source = p.Source, Label = p.Label, ClassIndex = p.ClassIndex, Probability = p.Probability,
        Probabilities = [.. p.Probabilities], IsUnknown = p.IsUnknown,
    };
}

[GenerateSerializer]
public struct PersonPredictionSurrogate
{
    [Id(0)] public Prediction Prediction;
    [Id(1)] public float[]? Face; // score, x, y, width, height
    [Id(2)] public float NearestDistance;
    [Id(3)] public string? UnknownReason;
    [Id(4)] public int FaceSource;
    [Id(5)] public bool FarFromNamedPeople;
    [Id(6)] public int? FaceIndex;
}

[RegisterConverter]
public sealed class PersonPredictionConverter : IConverter<PersonPrediction, PersonPredictionSurrogate>
{
    public PersonPrediction ConvertFromSurrogate(in PersonPredictionSurrogate s) =>
        new(s.Prediction, s.Face is [var score, var x, var y, var width, var height] ? new FaceBox(score, x, y, width, height) : null,
            s.NearestDistance, s.UnknownReason)
        {
            FaceSource = (FaceSource)s.FaceSource, FarFromNamedPeople = s.FarFromNamedPeople, FaceIndex = s.FaceIndex,
        };

    public PersonPredictionSurrogate ConvertToSurrogate(in PersonPrediction p) => new()
    {
        Prediction = p.Prediction,
        Face = p.Face is { } f ? [f.Score, f.X, f.Y, f.Width, f.Height] : null,
        NearestDistance = p.NearestDistance, UnknownReason = p.UnknownReason, FaceSource = (int)p.FaceSource,
        FarFromNamedPeople = p.FarFromNamedPeople, FaceIndex = p.FaceIndex,
    };
}
