using System.Text.Json.Serialization;
using Fewshot.Faces;
using Fewshot.Inference;
using Fewshot.People;

namespace Fewshot.Web.Training;

/// <summary>
/// What testing one photo answers: the verdict (a class or "unknown"), every class's probability and, for people models,
/// the face looked at and every face of the photo.
/// </summary>
/// <param name="Probability">The top class's probability; for "unknown", that of the class it was not sure enough of (<see cref="Nearest"/>).</param>
/// <param name="Face">The face looked at, as fractions of the photo's width and height; null for image models or when no face was found.</param>
public sealed record PhotoPrediction(string Label, float Probability, IReadOnlyList<ClassProbability> Probabilities,
    FaceView? Face, string? UnknownReason)
{
    /// <summary>The tested photo's file name (the photo's answer only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }
    public bool Unknown { get; init; }
    /// <summary>For "unknown": the nearest class and its probability, which were not enough.</summary>
    public ClassProbability? Nearest { get; init; }
    /// <summary>People models: detector, padded, whole-photo or none (see <see cref="FaceSources.Name"/>).</summary>
    public string? FaceSource { get; init; }
    /// <summary>People models: the distance to the nearest training face; null when no face was used.</summary>
    public float? Distance { get; init; }
    /// <summary>People models: answered with a class of many people because the face is far from every named person.</summary>
    public bool FarFromNamedPeople { get; init; }
    /// <summary>Which face of the photo, largest first; null for the photo's one answer and for a photo without a face.</summary>
    public int? FaceIndex { get; init; }
    /// <summary>People models: every face of the photo, largest first (or the one answer for a photo without a face).</summary>
    public IReadOnlyList<PhotoPrediction>? Faces { get; init; }
    /// <summary>The probability below which the answer is "unknown" (0: off).</summary>
    public float Threshold { get; init; }

    public static PhotoPrediction Of(Prediction p, IReadOnlyList<string> classes, string? reason) =>
        new(p.Verdict, p.Probability, Ranked(classes, p), null, reason)
        {
            Unknown = p.IsUnknown,
            Nearest = p.IsUnknown ? new ClassProbability(p.Label, p.Probability) : null,
        };

    public static PhotoPrediction Of(PersonPrediction person, IReadOnlyList<string> classes, int width, int height) =>
        Of(person.Prediction, classes, person.UnknownReason) with
        {
            Face = person.Face is { } f ? new FaceView(f.X / width, f.Y / height, f.Width / width, f.Height / height, f.Score) : null,
            FaceSource = person.FaceSource.Name(),
            Distance = float.IsFinite(person.NearestDistance) ? person.NearestDistance : null,
            FarFromNamedPeople = person.FarFromNamedPeople,
            FaceIndex = person.FaceIndex,
        };

    static List<ClassProbability> Ranked(IReadOnlyList<string> classes, Prediction p) =>
        p.Probabilities.Select((probability, i) => new ClassProbability(classes[i], probability)).OrderByDescending(x => x.Probability).ToList();
}

public sealed record ClassProbability(string Label, float Probability);

public sealed record FaceView(float X, float Y, float Width, float Height, float Score);
