namespace Fewshot.Cli.Json;

/// <summary>`fewshot info --json`: what Fewshot found on this machine.</summary>
sealed record InfoJson(string Version, string Libtorch, string LoadedFrom, string? OmpWaitPolicy, int Threads, int Cores,
    bool NativeBf16, IReadOnlyList<string> Backbones, IReadOnlyList<BodyJson> Bodies, string? FaceModels, string Cache);

/// <summary>A body of the registry and whether its weights are here (<c>weights</c> is the file, or null when not installed).</summary>
sealed record BodyJson(string Id, string Architecture, double? ImagenetTop1, int Size, string? Weights, string? Install)
{
    public static BodyJson From(Fewshot.Models.BackboneInfo body) => new(body.Id, body.Architecture, body.Official?.Top1, body.DefaultSize,
        body.WeightsAvailable ? body.WeightsPath() : null, body.WeightsAvailable ? null : $"fewshot setup backbone {body.Id}");
}
