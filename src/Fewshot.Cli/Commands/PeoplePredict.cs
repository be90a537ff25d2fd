using System.Text.Json.Nodes;
using Fewshot.Imaging;
using Fewshot.People;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

/// <summary>
/// `fewshot predict` with a people model: find the face (or, with --all-faces, every face), name the person or say
/// "unknown". Rows go to standard output one line each: text, JSON (--json) or a results file (--out).
/// </summary>
sealed class PeoplePredict(IAnsiConsole console, StandardError stderr, PredictSettings settings)
{
    TextWriter Rows => console.Profile.Out.Writer;

    public int Run(List<string> files, List<string> missing)
    {
        if (ImageModelOnly(settings) is { } option)
        {
            stderr.Error(option);
            return ExitCodes.BadArguments;
        }
        using var predictor = PeoplePredictor.Load(settings.Model, settings.Threshold);
        stderr.ForText(console, settings.Json).MarkupLine(Markup.Escape(Description(predictor.Spec)));
        using var interrupt = new InterruptHandler(console);
        if (settings.Out is not null)
        {
            var layout = new ResultsLayout(predictor.Classes, People: true, EveryFace: settings.AllFaces, Model: ResultsFile.Fingerprint(settings.Model));
            var job = new ScoringJob((todo, cancel) => Score(predictor, todo, cancel)
                .SelectMany(photo => ResultsRow.FromPeople(photo.Path, photo.Answers, photo.Error)));
            return BatchScoring.WriteAll(console, settings.Out, layout, job, files, missing, interrupt.Token).ExitCode;
        }
        int failures = 0;
        foreach (var path in missing) { Error(path, $"'{path}' does not exist"); failures++; }
        try
        {
            foreach (var (path, _, answers, error) in Score(predictor, files, interrupt.Token))
            {
                if (answers is null) { Error(path, error!); failures++; }
                else Report(path, answers, predictor.Classes);
            }
        }
        catch (OperationCanceledException) { return ExitCodes.Interrupted; }
        return new ScoringSummary(files.Count + missing.Count, failures, Interrupted: false).ExitCode;
    }

    static string Description(PeopleSpec spec)
    {
        var unknown = spec.UnknownDistance is { } d ? $"unknown beyond distance {d:F3} from every training face" : "no unknown distance";
        var rest = spec.RestClasses.Count > 0 ? $"; a face far from every named person is {string.Join(" or ", spec.RestClasses)}" : "";
        var noFace = spec.NoFace == NoFacePolicy.Exclude ? "; a photo without a face is unknown" : "";
        return $"People model ({spec.Features.ToString().ToLowerInvariant()} features); {unknown}{rest}{noFace}";
    }

    /// <summary>The options of `predict` that only image models use, named when given with a people model.</summary>
    internal static string? ImageModelOnly(PredictSettings settings) =>
        settings.Tta ? "--tta is for image models: a people model already averages each face's descriptor with its mirror image's."
        : !settings.Device.Equals("cpu", StringComparison.OrdinalIgnoreCase) ? "--device cuda is for ONNX image models; people models run on the CPU."
        : settings.Precision != Fewshot.Runtime.Precision.Auto ? "--precision is for image models; people models compute in fp32."
        : null;

    /// <summary>Each photo's answers (one, or with --all-faces one per face), drawn if asked.</summary>
    IEnumerable<PeopleScore> Score(PeoplePredictor predictor, IReadOnlyList<string> files, CancellationToken cancel) =>
        predictor.Score(files, settings.Decode, settings.AllFaces, cancel).Select(scored =>
        {
            if (settings.Draw is { } directory && scored is { Image: { } image, Answers: { } answers })
                PredictCommand.TryDraw(stderr, scored.Path, () => FaceDrawing.Save(image,
                    answers.Select(a => new FaceLabel(a.Face, Caption(a), a.Prediction.IsUnknown)).ToList(),
                    PredictCommand.DrawPath(directory, scored.Path)));
            return scored;
        });

    /// <summary>The name and its probability, or "unknown" alone (the probability is the likeliest class's, not the unknown's).</summary>
    static string Caption(PersonPrediction answer) =>
        answer.Prediction.IsUnknown ? Fewshot.Inference.Prediction.UnknownLabel : $"{answer.Prediction.Label} {answer.Prediction.Probability * 100:F0}%";

    void Report(string path, IReadOnlyList<PersonPrediction> answers, IReadOnlyList<string> classes)
    {
        if (settings.Json)
        {
            Rows.WriteLine(settings.AllFaces ? PredictionJson.Line(path, "faces", answers.Select(a => Json(a, classes, a.FaceIndex)))
                : PredictionJson.Line(path, answers[0].Prediction, classes, answers[0]));
            return;
        }
        foreach (var answer in answers)
            Rows.WriteLine(settings.AllFaces
                ? $"{PredictionText.Field(path)}\t{(answer.FaceIndex is { } index ? $"#{index}" : "-")}\t{PredictionText.Person(answer)}"
                : $"{PredictionText.Field(path)}\t{PredictionText.Person(answer)}");
    }

    static JsonObject Json(PersonPrediction answer, IReadOnlyList<string> classes, int? index)
    {
        var face = new JsonObject { ["index"] = index };
        foreach (var (name, value) in PredictionJson.Properties(answer.Prediction, classes, answer)) face[name] = value;
        return face;
    }

    void Error(string path, string message)
    {
        if (settings.Json) Rows.WriteLine(PredictionJson.Line(path, null, [], error: message));
        else Rows.WriteLine($"{PredictionText.Field(path)}\terror: {PredictionText.Field(message)}");
    }
}
