using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Fewshot.Tests.Support;

/// <summary>Edits one field of a JSON entry inside a zip file in place: a model file's manifest, a resume checkpoint's state.</summary>
public static class ZipJsonEntry
{
    /// <summary>
    /// Sets the field at <paramref name="field"/> (dotted: "input.decodeSlack") to <paramref name="json"/>, or removes it
    /// when that is null. Returns whether the field was there before.
    /// </summary>
    public static bool Edit(string path, string entryName, string field, string? json)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName) ?? throw new InvalidOperationException($"'{path}' has no entry {entryName}");
        JsonNode root;
        using (var stream = entry.Open()) root = JsonNode.Parse(stream)!;
        var names = field.Split('.');
        var parent = names[..^1].Aggregate(root, (node, name) => node[name]!).AsObject();
        var existed = parent.ContainsKey(names[^1]);
        if (json is null) parent.Remove(names[^1]);
        else parent[names[^1]] = JsonNode.Parse(json);
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
        writer.Write(root.ToJsonString());
        return existed;
    }
}
