using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fewshot;

/// <summary>How the files Fewshot writes hold JSON (model manifests, resume checkpoints): camelCase names and enum values, indented.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // A validation loss can be infinite (a confident wrong prediction): write it, don't fail the export.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
