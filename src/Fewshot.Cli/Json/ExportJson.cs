using Fewshot.Inference;

namespace Fewshot.Cli.Json;

/// <summary>`fewshot export --json`: what the ONNX file takes and gives, and how to prepare photos for it.</summary>
sealed record ExportJson(string Onnx, string Input, string InputType, int Size, string Output, IReadOnlyList<string> Classes,
    string Resize, int DecodeMinSide, double DecodeSlack)
{
    public static ExportJson From(string onnx, OnnxModelInfo info) => new(onnx, OnnxModelInfo.InputName,
        info.InputType.ToLowerInvariant(), info.Size, OnnxModelInfo.OutputName, info.Classes,
        info.Resize.ToString().ToLowerInvariant(), info.DecodeMinSide, info.DecodeSlack);
}
