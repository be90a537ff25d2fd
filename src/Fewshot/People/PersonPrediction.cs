using Fewshot.Faces;
using Fewshot.Inference;

namespace Fewshot.People;

/// <summary>
/// A people model's answer for one face of a photo: the prediction, the face it looked at (null: none found, the whole
/// photo stood in, or none was used), where that face came from, and its distance to the nearest training face
/// (NaN when no face was used).
/// </summary>
public sealed record PersonPrediction(Prediction Prediction, FaceBox? Face, float NearestDistance, string? UnknownReason)
{
    public bool FaceFound => Face is not null;

    public FaceSource FaceSource { get; init; } = Face is null ? FaceSource.WholePhoto : FaceSource.Detector;

    /// <summary>
    /// True when the face was answered with a class of many people (<see cref="PeopleSpec.RestClasses"/>) because it is
    /// farther than the unknown distance from every named person's training faces.
    /// </summary>
    public bool FarFromNamedPeople { get; init; }

    /// <summary>Which face of the photo, largest first, when every face is named; null for one answer per photo.</summary>
    public int? FaceIndex { get; init; }
}
