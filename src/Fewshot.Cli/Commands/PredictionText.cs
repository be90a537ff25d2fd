using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fewshot.Inference;
using Fewshot.People;

namespace Fewshot.Cli.Commands;

/// <summary>How `predict` prints a prediction as a text row: tab-separated, one line, control characters escaped.</summary>
static class PredictionText
{
    /// <summary>A file name or message fit for one field of a tab-separated line: backslash, tab, CR and LF escaped as \\ \t \r \n.</summary>
    public static string Field(string text)
    {
        if (text.AsSpan().IndexOfAny("\\\t\r\n") < 0) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            escaped.Append(c switch { '\\' => @"\\", '\t' => @"\t", '\r' => @"\r", '\n' => @"\n", _ => c.ToString() });
        return escaped.ToString();
    }

    /// <summary>Why a people model answered "unknown", or a class of many people; null otherwise.</summary>
    public static string? Reason(PersonPrediction? person) =>
        person?.UnknownReason ?? (person is { FarFromNamedPeople: true }
            ? FormattableString.Invariant($"the face is {person.NearestDistance:F3} from every named person's training faces")
            : null);

    /// <summary>
    /// A people model's row after the file (and face index): label, probability (empty for "unknown"), the face, and for
    /// "unknown" the nearest class with its probability and the reason.
    /// </summary>
    public static string Person(PersonPrediction person)
    {
        var p = person.Prediction;
        var face = person.Face is { } box
            ? Invariant($"face {box.Width:F0}×{box.Height:F0} at ({box.X:F0},{box.Y:F0}), {person.FaceSource.Name()}, distance {person.NearestDistance:F3}")
            : person.FaceSource == FaceSource.None ? "no face found"
            : Invariant($"no face found, whole photo used, distance {person.NearestDistance:F3}");
        var line = p.IsUnknown
            ? Invariant($"{p.Verdict}\t\t{face}\tnearest {Field(p.Label)} {p.Probability:F4}: {Reason(person)}")
            : Invariant($"{Field(p.Verdict)}\t{p.Probability:F4}\t{face}");
        return person.FarFromNamedPeople ? line + "\t" + Reason(person) : line;
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The JSON properties of a prediction, shared by `predict --json` and JSON Lines results.</summary>
static class PredictionJson
{
    // StoredJson's number handling: a non-finite probability is written as "NaN" instead of ending the run.
    static readonly JsonSerializerOptions Compact = new(StoredJson.Options) { WriteIndented = false };

    /// <summary>One `predict --json` line: the file, then the prediction's properties, or the error.</summary>
    public static string Line(string file, Prediction? p, IReadOnlyList<string> classes, PersonPrediction? person = null, string? error = null)
    {
        var row = new JsonObject { ["file"] = file };
        if (p is null) row["error"] = error;
        else foreach (var (name, value) in Properties(p, classes, person)) row[name] = value;
        return row.ToJsonString(Compact);
    }

    /// <summary>A JSON line of several objects (every face of a photo): the file and the array under <paramref name="name"/>.</summary>
    public static string Line(string file, string name, IEnumerable<JsonObject> items) =>
        new JsonObject { ["file"] = file, [name] = new JsonArray([.. items]) }.ToJsonString(Compact);

    public static IEnumerable<(string Name, JsonNode? Value)> Properties(Prediction p, IReadOnlyList<string> classes, PersonPrediction? person)
    {
        yield return ("label", p.Verdict);
        yield return ("probability", p.Probability);
        yield return ("probabilities", JsonSerializer.SerializeToNode(classes.Zip(p.Probabilities).ToDictionary(x => x.First, x => x.Second)));
        if (person is null) yield break;
        yield return ("face", person.Face is { } f
            ? new JsonObject { ["x"] = f.X, ["y"] = f.Y, ["width"] = f.Width, ["height"] = f.Height, ["score"] = f.Score }
            : null);
        yield return ("faceSource", person.FaceSource.Name());
        yield return ("distance", float.IsFinite(person.NearestDistance) ? person.NearestDistance : null);
        if (p.IsUnknown) yield return ("nearest", new JsonObject { ["label"] = p.Label, ["probability"] = p.Probability });
        yield return ("unknownReason", person.UnknownReason);
        if (person.FarFromNamedPeople) yield return ("reason", PredictionText.Reason(person));
    }
}
