using Fewshot.Imaging;
using Fewshot.Web.Projects;
using Fewshot.Web.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Api;

/// <summary>Training (start, live events, cancel), testing photos and downloading the model (.fewshot or ONNX).</summary>
public static class TrainingApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/training", (TrainingService training) =>
        {
            var job = training.Running;
            return Results.Ok(job is null ? null : new Contract.CurrentTrainingResponse(job.ProjectId, job.ProjectName, job.State));
        });
        app.MapPost("/api/training/cancel", (TrainingService training) =>
            training.Cancel() ? Results.Ok(new Contract.CancellingResponse(true)) : throw new ConflictException("No training is running."));
        app.MapPost("/api/projects/{id}/train", (string id, TrainingSettings settings, TrainingService training) =>
        {
            var job = training.Start(id, settings);
            return Results.Accepted($"/api/projects/{id}/train/events", new Contract.TrainingAcceptedResponse(job.State));
        });
        app.MapGet("/api/projects/{id}/train/events", Events);
        app.MapPost("/api/projects/{id}/predict", Predict).DisableAntiforgery();
        app.MapGet("/api/projects/{id}/model", (string id, ProjectStore store) =>
        {
            var project = store.Get(id);
            var path = store.ModelPath(id);
            if (!File.Exists(path)) throw new NotFoundException("This project has no trained model yet: train it first.");
            return Results.File(path, "application/octet-stream", DownloadName(project.Name) + ".fewshot");
        });
        // Exported on the first request (a few seconds), then served from model.onnx beside the model.
        app.MapGet("/api/projects/{id}/model.onnx", async (string id, ProjectStore store) =>
        {
            var project = store.Get(id);
            var path = await Task.Run(() => OnnxCache.Get(store, id));
            return Results.File(path, "application/octet-stream", DownloadName(project.Name) + ".onnx");
        });
    }

    /// <summary>Server-sent events: every event of the project's latest training from the start, then live ones until it ends.</summary>
    static async Task Events(string id, HttpContext context, ProjectStore store, TrainingService training)
    {
        store.Get(id);
        var job = training.JobFor(id) ?? throw new NotFoundException("This project has not been trained since the server started.");
        var cancel = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        int seen = 0;
        while (!cancel.IsCancellationRequested)
        {
            var (events, finished, next) = job.Read(seen);
            foreach (var json in events) await response.WriteAsync($"data: {json}\n\n", cancel);
            seen += events.Count;
            await response.Body.FlushAsync(cancel);
            if (finished) break;
            if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(15), cancel)) != next)
                await response.WriteAsync(": still training\n\n", cancel);
        }
    }

    static async Task<IResult> Predict(string id, HttpRequest request, ProjectStore store, PredictorCache predictors,
        WebServerOptions options, CancellationToken cancel)
    {
        store.Get(id);
        if (!request.HasFormContentType) throw new FewshotException("Send the photo as a multipart form upload.");
        var form = await UploadForm.ReadAsync(request, cancel);
        var file = form.Files.Count == 1 ? form.Files[0] : throw new FewshotException("Send exactly one photo to test.");
        var name = SafeNames.DisplayFileName(file.FileName);
        if (file.Length > options.MaxFileBytes)
            throw new FewshotException($"'{name}' is larger than {options.MaxFileBytes >> 20} MB, the most one photo may be.");
        var threshold = Threshold(form["threshold"].ToString());
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancel);
        try
        {
            return Results.Ok(predictors.Predict(id, buffer.ToArray(), name, threshold) with { Name = name });
        }
        catch (ImageLoadException e)
        {
            throw new FewshotException("Not a photo Fewshot can read: " + e.Message);
        }
    }

    /// <summary>The form's "unknown" threshold: a probability from 0 (off, the default) to 1.</summary>
    static float Threshold(string text)
    {
        if (text.Length == 0) return 0;
        if (!float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var threshold)
            || threshold is not (>= 0 and <= 1))
            throw new FewshotException($"The 'unknown' threshold '{text}' is not a probability: give a number from 0 (off) to 1.");
        return threshold;
    }

    static string DownloadName(string projectName)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var clean = new string(projectName.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '-' : c).ToArray()).Trim('-', '.');
        return clean.Length == 0 ? "model" : clean;
    }
}
