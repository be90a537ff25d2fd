using Fewshot.Faces;
using Fewshot.Inference;

namespace Fewshot.People;

/// <summary>
/// A people model's answer for one photo: the prediction, the face it looked at (null: none found, the whole
/// photo was used) and that face's distance to the nearest training face.
/// </summary>
public sealed record PersonPrediction(Prediction Prediction, FaceBox? Face, float NearestDistance, string? UnknownReason)
{
    public bool FaceFound => Face is not null;
}
