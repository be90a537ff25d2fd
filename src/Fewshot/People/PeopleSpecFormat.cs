using System.Text.Json;
using System.Text.Json.Nodes;
using Fewshot.Export;
using Fewshot.Faces;

namespace Fewshot.People;

/// <summary>
/// The people settings as a model file stores them (the manifest's "people" object), for every people format: the
/// current one is <see cref="PeopleSpec"/> as written; older files are brought up to it before they are read. Format 1
/// has no record of the unknown check (<see cref="PeopleSpec.IsFirstFormat"/>), and the oldest files name the face
/// cut-out by two flags: "align" (the landmarks' box, else the detector's) and "rotate" (landmark boxes turned level, an
/// option since removed, whose models cannot be reproduced and are refused).
/// </summary>
public static class PeopleSpecFormat
{
    /// <summary>The "people" object of a manifest for <paramref name="spec"/>.</summary>
    public static JsonObject Write(PeopleSpec spec) => JsonSerializer.SerializeToNode(spec, ModelFile.Json)!.AsObject();

    /// <summary>The people settings of the model file <paramref name="source"/>, or null when its manifest has none.</summary>
    public static PeopleSpec? Read(ModelManifest manifest, string source) =>
        manifest.People is { } people ? Read(people, manifest.FormatVersion, source) : null;

    public static PeopleSpec Read(JsonObject people, int formatVersion, string source)
    {
        var current = (JsonObject)people.DeepClone();
        bool align = Flag(current, "align"), rotate = Flag(current, "rotate");
        if (rotate)
            throw new FewshotException($"'{source}' was trained on turned landmark crops (the removed Rotate option), which this " +
                                       "version cannot reproduce; train the model again.");
        if (current["alignment"] is null)
            current["alignment"] = JsonSerializer.SerializeToNode(align ? FaceAlignment.Landmarks : FaceAlignment.Detector, ModelFile.Json);
        try
        {
            var spec = current.Deserialize<PeopleSpec>(ModelFile.Json) ?? throw new JsonException("the people settings are null");
            return spec with { IsFirstFormat = formatVersion < PeopleSpec.FormatVersion };
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw ModelFile.Invalid(source, e.Message);
        }
    }

    /// <summary>Removes an old boolean field, returning its value (false when absent).</summary>
    static bool Flag(JsonObject people, string name)
    {
        bool value = people[name] is JsonValue v && v.TryGetValue(out bool b) && b;
        people.Remove(name);
        return value;
    }
}
