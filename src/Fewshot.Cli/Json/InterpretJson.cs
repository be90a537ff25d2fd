using Fewshot.Evaluation;

namespace Fewshot.Cli.Json;

/// <summary>`fewshot interpret --json`: accuracy, per-class precision and recall, most-confused pairs, top losses, figures written.</summary>
sealed record InterpretJson(IReadOnlyList<string> Classes, ProportionJson Accuracy, IReadOnlyList<InterpretJson.ClassJson> PerClass,
    IReadOnlyList<InterpretJson.Confusion> MostConfused, IReadOnlyList<ScoredPhotoJson> TopLosses, IReadOnlyList<string> Files)
{
    public sealed record ClassJson(string Class, ProportionJson Precision, ProportionJson Recall);
    public sealed record Confusion(string Actual, string Predicted, int Count);

    public static InterpretJson From(Interpretation interpretation, IReadOnlyList<string> files)
    {
        var matrix = interpretation.Matrix;
        var classes = interpretation.Classes;
        return new InterpretJson(classes, ProportionJson.From(matrix.Accuracy),
            classes.Select((name, i) => new ClassJson(name, ProportionJson.From(matrix.PrecisionOf(i)), ProportionJson.From(matrix.RecallOf(i)))).ToList(),
            matrix.MostConfused().Select(c => new Confusion(c.Actual, c.Predicted, c.Count)).ToList(),
            interpretation.TopLosses(interpretation.Predictions.Count).Select(r => ScoredPhotoJson.From(r, classes)).ToList(), files);
    }
}
