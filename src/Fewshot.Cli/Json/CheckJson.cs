using Fewshot.Evaluation.DataCheck;

namespace Fewshot.Cli.Json;

/// <summary>`fewshot check --json`: every finding, duplicate pair and atypical photo.</summary>
sealed record CheckJson(string Root, int Photos, IReadOnlyList<CheckJson.Finding> Findings, IReadOnlyList<CheckJson.Pair> Duplicates,
    IReadOnlyList<CheckJson.Atypical> AtypicalPhotos)
{
    public sealed record Finding(FindingKind Kind, string Message, IReadOnlyList<string> Paths);
    public sealed record Photo(string Path, string Split, string Class);
    public sealed record Pair(Photo A, Photo B, bool Identical, double HashSimilarity, double? Cosine, bool AcrossSplits, bool AcrossClasses);
    public sealed record Atypical(string Path, string Class, int Rank, double Distance);

    public static CheckJson From(DataCheckReport report) => new(report.Root, report.Images.Count,
        report.Findings.Select(f => new Finding(f.Kind, f.Message, f.Paths)).ToList(),
        report.Duplicates.Select(d => new Pair(Of(d.A), Of(d.B), d.Identical, d.HashSimilarity, d.Cosine, d.AcrossSplits, d.AcrossClasses)).ToList(),
        report.Atypical.Select(a => new Atypical(a.Image.Path, a.Image.Class, a.Rank, a.Distance)).ToList());

    static Photo Of(CheckedImage image) => new(image.Path, image.Split, image.Class);
}
