namespace Fewshot.Cli.Json;

/// <summary>`fewshot info --json`: what Fewshot found on this machine.</summary>
sealed record InfoJson(string Version, string Libtorch, string LoadedFrom, string? OmpWaitPolicy, int Threads, int Cores,
    bool NativeBf16, IReadOnlyList<string> Backbones, string? FaceModels, string Cache);
