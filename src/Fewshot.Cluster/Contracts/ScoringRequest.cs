namespace Fewshot.Cluster.Contracts;

/// <summary>What a worker needs besides the photos: the model and `predict`'s options.</summary>
[GenerateSerializer, Immutable]
public sealed record ScoringRequest
{
    [Id(0)] public required ModelReference Model { get; init; }
    [Id(1)] public float Threshold { get; init; }
    [Id(2)] public bool Tta { get; init; }
    /// <summary>auto, fp32 or bf16 (.fewshot image models).</summary>
    [Id(3)] public string Precision { get; init; } = "auto";
    /// <summary>cpu or cuda (.onnx models).</summary>
    [Id(4)] public string Device { get; init; } = "cpu";
    [Id(5)] public int BatchSize { get; init; } = 32;
    [Id(6)] public long MaxPixels { get; init; } = Fewshot.Imaging.DecodeOptions.Default.MaxPixels;
    [Id(7)] public bool KeepPartial { get; init; }
    /// <summary>People models: name every face of each photo.</summary>
    [Id(8)] public bool AllFaces { get; init; }
}
