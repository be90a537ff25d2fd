namespace Fewshot.Data;

/// <summary>Class names and the training and validation photos of a dataset folder.</summary>
public sealed record DatasetSplit(
    IReadOnlyList<string> Classes,
    IReadOnlyList<LabelledImage> Train,
    IReadOnlyList<LabelledImage> Valid,
    IReadOnlyList<string> Warnings)
{
    public int ClassCount => Classes.Count;
}
