using System.Globalization;
using System.Text.Json.Nodes;
using Fewshot.Inference;
using Fewshot.People;

namespace Fewshot.Cli.Commands;

/// <summary>
/// One row of batch-scoring results: a photo (and, when every face is named, one of its faces: <see cref="Face"/>, null
/// for a photo without one), its prediction or why it could not be scored, and for people models what the face was.
/// </summary>
sealed record ResultsRow(string File, Prediction? Prediction, string? Error, PersonPrediction? Person = null)
{
    public int? Face => Person?.FaceIndex;

    public static ResultsRow From(ScoredFile scored) => new(scored.Path, scored.Prediction, scored.Error);

    public static ResultsRow From(string file, PersonPrediction person) => new(file, person.Prediction, null, person);

    public static ResultsRow Failed(string file, string error) => new(file, null, error);

    /// <summary>A people model's rows for a photo: one per answer, or the reason it was not scored.</summary>
    public static IEnumerable<ResultsRow> FromPeople(string file, IReadOnlyList<PersonPrediction>? answers, string? error) =>
        answers is null ? [Failed(file, error ?? "not scored")] : answers.Select(answer => From(file, answer));
}

/// <summary>
/// The columns of a results file: file, [face], label, probability, prob_CLASS…, [the people columns], error, [model].
/// The probability is always that of the likeliest class; image models write the plain columns; people models add where
/// the face came from, its box, its distance to the nearest training face, and for "unknown" the likeliest class (whose
/// probability the row shows) and why; with every face named, a face index keys each row.
/// </summary>
sealed record ResultsLayout(IReadOnlyList<string> Classes, bool People = false, bool EveryFace = false, string? Model = null)
{
    static readonly string[] PeopleColumns = ["face_source", "face_x", "face_y", "face_width", "face_height", "distance", "nearest", "reason"];

    public string[] Header =>
    [
        "file", .. EveryFace ? ["face"] : Array.Empty<string>(), "label", "probability", .. Classes.Select(c => "prob_" + c),
        .. People ? PeopleColumns : [], "error", .. Model is null ? Array.Empty<string>() : ["model"],
    ];

    /// <summary>
    /// A JSON row's face index (with every face named; "face" holds the face's box, as in `predict --json`). In CSV the
    /// column is "face".
    /// </summary>
    public const string FaceIndexKey = "faceIndex";

    /// <summary>The key a row is resumed by: its file, and with every face named its face index ("" for a photo without a face).</summary>
    public string Key(string file, int? face) => EveryFace ? $"{file}\t{face?.ToString(CultureInfo.InvariantCulture)}" : file;

    /// <summary>The CSV fields of a row, in <see cref="Header"/> order.</summary>
    public IEnumerable<string> Fields(ResultsRow row)
    {
        var p = row.Prediction;
        yield return row.File;
        if (EveryFace) yield return Number(row.Face);
        yield return p?.Verdict ?? "";
        yield return p is null ? "" : Number(p.Probability);
        for (int c = 0; c < Classes.Count; c++) yield return p is null ? "" : Number(p.Probabilities[c]);
        if (People)
        {
            var person = row.Person;
            var box = person?.Face;
            yield return person?.FaceSource.Name() ?? "";
            yield return Number(box?.X);
            yield return Number(box?.Y);
            yield return Number(box?.Width);
            yield return Number(box?.Height);
            yield return person is { NearestDistance: var d } && float.IsFinite(d) ? Number(d) : "";
            yield return p is { IsUnknown: true } ? p.Label : "";
            yield return PredictionText.Reason(person) ?? "";
        }
        yield return row.Error?.ReplaceLineEndings(" ") ?? "";
        if (Model is not null) yield return Model;
    }

    /// <summary>The JSON Lines object of a row.</summary>
    public JsonObject Json(ResultsRow row)
    {
        var json = new JsonObject { ["file"] = row.File };
        if (EveryFace) json[FaceIndexKey] = row.Face;
        if (row.Prediction is null) json["error"] = row.Error?.ReplaceLineEndings(" ");
        else
        {
            foreach (var (name, value) in PredictionJson.Properties(row.Prediction, Classes, row.Person)) json[name] = value;
        }
        if (Model is not null) json["model"] = Model;
        return json;
    }

    static string Number(float? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
    static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
