using System.Text.Json;
using Fewshot.Evaluation;
using Fewshot.Export;
using Fewshot.Training;
using Spectre.Console;

namespace Fewshot.Cli.Json;

/// <summary>The one JSON document a command prints with --json, on standard output (camelCase, enums in lowercase).</summary>
static class JsonOutput
{
    public static void Write(IAnsiConsole console, object document) =>
        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(document, ModelFile.Json));
}

/// <summary>A measured proportion with its count and 95% Wilson interval, as every accuracy is reported.</summary>
sealed record ProportionJson(int Correct, int Total, double Value, double Low95, double High95)
{
    public static ProportionJson From(Proportion p) => new(p.Successes, p.Total, p.Value, p.Wilson95.Low, p.Wilson95.High);
}

/// <summary>One scored photo: its label, the prediction, the prediction's probability and the loss.</summary>
sealed record ScoredPhotoJson(string Path, string Actual, string Predicted, double Probability, double Loss)
{
    public static ScoredPhotoJson From(PredictionRecord r, IReadOnlyList<string> classes) =>
        new(r.Path, classes[r.Actual], classes[r.Predicted], r.PredictedProbability, r.Loss);
}
