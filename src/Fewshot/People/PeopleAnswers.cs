using Fewshot.Evaluation;

namespace Fewshot.People;

/// <summary>
/// What the model answers for each validation photo, as it would for a new photo: a name or "unknown" (a face too far
/// from every training face, or no face where the model names none). A photo of a known person answered "unknown"
/// counts as wrong, so <see cref="Accuracy"/> is the share a user would see named right.
/// </summary>
public sealed record PeopleAnswers(IReadOnlyList<(int Actual, PersonPrediction Answer)> Photos)
{
    public Proportion Accuracy => new(Photos.Count(p => !p.Answer.Prediction.IsUnknown && p.Answer.Prediction.ClassIndex == p.Actual), Photos.Count);
    public int Unknown => Photos.Count(p => p.Answer.Prediction.IsUnknown);
    public int Wrong => Photos.Count(p => !p.Answer.Prediction.IsUnknown && p.Answer.Prediction.ClassIndex != p.Actual);

    public static PeopleAnswers Of(PeopleData data, PeoplePipeline pipeline) =>
        new(data.Valid.Select(photo => (photo.Label, pipeline.Answer(photo.Face!, photo.Scene?[0], photo.Path))).ToList());
}
