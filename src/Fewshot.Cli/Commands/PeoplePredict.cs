using System.Text.Json;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.People;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

/// <summary>`fewshot predict` with a people model: detect the face, name the person or say "unknown".</summary>
sealed class PeoplePredict(IAnsiConsole console, PredictSettings settings)
{
    static readonly JsonSerializerOptions CompactJson = new(ModelFile.Json) { WriteIndented = false };

    public int Run(IReadOnlyList<string> files, IReadOnlyList<string> missing)
    {
        using var predictor = PeoplePredictor.Load(settings.Model, settings.Threshold);
        if (!settings.Json)
            console.MarkupLine($"People model ({predictor.Spec.Features.ToString().ToLowerInvariant()} features); unknown beyond " +
                               (predictor.Spec.UnknownDistance is { } d ? $"distance {d:F3}" : "no distance") + " from every training face");
        int failures = 0;
        foreach (var path in missing) { Error(path, $"'{path}' does not exist"); failures++; }
        foreach (var path in files)
        {
            RgbImage image;
            try { image = ImageLoader.Load(path, predictor.Spec.DecodeMinSide); }
            catch (ImageLoadException e) { Error(path, e.Message); failures++; continue; }
            var result = predictor.Predict(image, path);
            Report(path, result, predictor.Classes);
            if (settings.Draw is not null)
                FaceDrawing.Save(image, result.Face, $"{result.Prediction.Verdict} {result.Prediction.Probability * 100:F0}%",
                    result.Prediction.IsUnknown, PredictCommand.DrawPath(settings.Draw, path));
        }
        return failures > 0 && failures == files.Count + missing.Count ? ExitCodes.Failed : ExitCodes.Ok;
    }

    void Report(string path, PersonPrediction result, IReadOnlyList<string> classes)
    {
        var p = result.Prediction;
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                file = path, label = p.Verdict, probability = p.Probability,
                probabilities = classes.Zip(p.Probabilities).ToDictionary(x => x.First, x => x.Second),
                face = result.Face is { } f ? new { x = f.X, y = f.Y, width = f.Width, height = f.Height, score = f.Score } : null,
                distance = float.IsFinite(result.NearestDistance) ? result.NearestDistance : (float?)null,
                unknownReason = result.UnknownReason,
            }, CompactJson));
            return;
        }
        var face = result.Face is null ? "no face (whole photo)" : $"face {result.Face.Value.Width:F0}×{result.Face.Value.Height:F0} at distance {result.NearestDistance:F3}";
        var line = $"{path}\t{p.Verdict}\t{p.Probability:F4}\t{face}";
        if (p.IsUnknown) line += $"\t(best guess {p.Label}: {result.UnknownReason})";
        console.WriteLine(line);
    }

    void Error(string path, string message)
    {
        if (settings.Json) Console.Out.WriteLine(JsonSerializer.Serialize(new { file = path, error = message }, CompactJson));
        else console.MarkupLine($"{Markup.Escape(path)}\t[red]error:[/] {Markup.Escape(message)}");
    }
}
