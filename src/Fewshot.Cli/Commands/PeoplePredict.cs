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

    public int Run(List<string> files, List<string> missing)
    {
        if (ImageModelOnly() is { } option)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(option)}");
            return ExitCodes.BadArguments;
        }
        using var predictor = PeoplePredictor.Load(settings.Model, settings.Threshold);
        if (!settings.Json)
            console.MarkupLine($"People model ({predictor.Spec.Features.ToString().ToLowerInvariant()} features); unknown beyond " +
                               (predictor.Spec.UnknownDistance is { } d ? $"distance {d:F3}" : "no distance") + " from every training face");
        using var interrupt = new InterruptHandler(console);
        if (settings.Out is not null)
        {
            var job = new ScoringJob((todo, cancel) => Score(predictor, todo, cancel)
                .Select(r => new Fewshot.Inference.ScoredFile(r.Path, r.Result?.Prediction, r.Error)));
            return BatchScoring.WriteAll(console, settings.Out, predictor.Classes, job, files, missing, interrupt.Token).ExitCode;
        }
        int failures = 0;
        foreach (var path in missing) { Error(path, $"'{path}' does not exist"); failures++; }
        try
        {
            foreach (var (path, result, error) in Score(predictor, files, interrupt.Token))
            {
                if (result is null) { Error(path, error!); failures++; }
                else Report(path, result, predictor.Classes);
            }
        }
        catch (OperationCanceledException) { return ExitCodes.Interrupted; }
        return new ScoringSummary(files.Count + missing.Count, failures, Interrupted: false).ExitCode;
    }

    /// <summary>The options of `predict` that only image models use, named when given with a people model.</summary>
    string? ImageModelOnly() =>
        settings.Tta ? "--tta is for image models: a people model already averages each face's descriptor with its mirror image's."
        : !settings.Device.Equals("cpu", StringComparison.OrdinalIgnoreCase) ? "--device cuda is for ONNX image models; people models run on the CPU."
        : settings.Precision != Fewshot.Runtime.Precision.Auto ? "--precision is for image models; people models compute in fp32."
        : null;

    /// <summary>Each photo's prediction (drawn if asked), or why it could not be read; stops between photos when cancelled.</summary>
    IEnumerable<(string Path, PersonPrediction? Result, string? Error)> Score(PeoplePredictor predictor, IReadOnlyList<string> files,
        CancellationToken cancel)
    {
        var decode = settings.Decode;
        foreach (var path in files)
        {
            cancel.ThrowIfCancellationRequested();
            RgbImage? image = null;
            string? error = null;
            try { image = ImageLoader.Load(path, predictor.Spec.DecodeMinSide, decode); }
            catch (ImageLoadException e) { error = e.Message; }
            if (image is null) { yield return (path, null, error); continue; }
            var result = predictor.Predict(image, path);
            if (settings.Draw is { } directory)
                PredictCommand.TryDraw(console, path, () => FaceDrawing.Save(image, result.Face,
                    $"{result.Prediction.Verdict} {result.Prediction.Probability * 100:F0}%", result.Prediction.IsUnknown,
                    PredictCommand.DrawPath(directory, path)));
            yield return (path, result, null);
        }
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
