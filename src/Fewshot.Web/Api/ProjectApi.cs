using Fewshot.Imaging;
using Fewshot.Web.Contract;
using Fewshot.Web.Projects;
using Fewshot.Web.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Api;

public sealed record NameRequest(string? Name);
public sealed record RejectedFile(string Name, string Reason);

/// <summary>Projects, classes and photos.</summary>
public static class ProjectApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/projects");
        api.MapGet("/", (ProjectStore store) => Results.Ok(store.List()));
        api.MapPost("/", (NameRequest request, ProjectStore store) => Results.Ok(View(store.Create(request.Name ?? ""), store, null)));
        api.MapGet("/{id}", (string id, ProjectStore store, TrainingService training) => Results.Ok(View(store.Get(id), store, training)));
        api.MapPatch("/{id}", (string id, NameRequest request, ProjectStore store, TrainingService training) =>
            Results.Ok(View(store.Rename(id, request.Name ?? ""), store, training)));
        api.MapDelete("/{id}", (string id, ProjectStore store, TrainingService training, PredictorCache predictors) =>
        {
            store.Delete(id);
            training.Forget(id);
            predictors.Evict(id);
            return Results.Ok(new Contract.DeletedResponse(id));
        });
        api.MapPost("/{id}/classes", (string id, NameRequest request, ProjectStore store, TrainingService training) =>
            Results.Ok(View(store.AddClass(id, request.Name ?? ""), store, training)));
        api.MapDelete("/{id}/classes/{name}", (string id, string name, ProjectStore store, TrainingService training) =>
            Results.Ok(View(store.RemoveClass(id, ClassName(name)), store, training)));
        api.MapDelete("/{id}/classes/{name}/images/{hash}", (string id, string name, string hash, ProjectStore store, TrainingService training) =>
            Results.Ok(View(store.RemoveImage(id, ClassName(name), hash), store, training)));
        api.MapPost("/{id}/classes/{name}/images", Upload).DisableAntiforgery();
        api.MapGet("/{id}/images/{hash}", (string id, string hash, ProjectStore store, HttpContext context) =>
        {
            var path = store.ExistingImagePath(id, hash);
            var head = new byte[16];
            using (var file = File.OpenRead(path)) file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            context.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.File(path, ImageContent.MimeType(head));
        });
    }

    /// <summary>What the page shows for a project: its classes and photos, the data check, training state and results.</summary>
    public static ProjectView View(Project project, ProjectStore store, TrainingService? training)
    {
        var job = training?.JobFor(project.Id);
        return new ProjectView(
            project.Id,
            project.Name,
            project.Classes.Select(c => new ClassView(c,
                project.Images.Where(i => i.Class == c).Select(i => new ImageView(i.Hash, i.Name, i.Burst)).ToList())).ToList(),
            DataCheck.Warnings(project),
            job is null ? null : new TrainingStateView(job.State, job.Message),
            store.LoadResults<TrainingResults>(project.Id)?.For(project),
            File.Exists(store.ModelPath(project.Id)));
    }

    static async Task<IResult> Upload(string id, string name, HttpRequest request, ProjectStore store, TrainingService training,
        WebServerOptions options, CancellationToken cancel)
    {
        if (!request.HasFormContentType)
            throw new FewshotException("Send the photos as a multipart form upload.");
        store.Get(id);
        var form = await UploadForm.ReadAsync(request, cancel);
        if (form.Files.Count == 0) throw new FewshotException("The upload holds no files: pick or drop photos.");
        if (form.Files.Count > options.MaxFilesPerUpload)
            throw new FewshotException($"{form.Files.Count} files in one upload is too many: send at most {options.MaxFilesPerUpload} at a time.");
        var burst = form["burst"].ToString() is { Length: > 0 } given ? given : null;
        var added = 0;
        var rejected = new List<RejectedFile>();
        foreach (var file in form.Files)
        {
            var display = SafeNames.DisplayFileName(file.FileName);
            if (file.Length > options.MaxFileBytes)
            {
                rejected.Add(new RejectedFile(display, $"larger than {options.MaxFileBytes >> 20} MB, the most one photo may be"));
                continue;
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancel);
            if (TryAdd(store, id, ClassName(name), buffer.ToArray(), file.FileName, rejected, burst)) added++;
        }
        return Outcome(added, rejected, store.Get(id), store, training);
    }

    /// <summary>
    /// Routing decodes a segment except for %2F, which it leaves encoded; class names may hold slashes (they are
    /// labels, not paths) but never '%', so only an encoded slash is left to decode.
    /// </summary>
    internal static string ClassName(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    internal static bool TryAdd(ProjectStore store, string id, string className, byte[] bytes, string fileName, List<RejectedFile> rejected,
        string? burst = null)
    {
        try
        {
            store.AddImage(id, className, bytes, fileName, burst);
            return true;
        }
        catch (ImageLoadException e)
        {
            rejected.Add(new RejectedFile(SafeNames.DisplayFileName(fileName), "not a photo Fewshot can read: " + e.Message));
            return false;
        }
    }

    internal static IResult Outcome(int added, List<RejectedFile> rejected, Project project, ProjectStore store, TrainingService training,
        int skipped = 0)
    {
        if (added == 0 && rejected.Count > 0)
            return Results.Json(new NothingAddedResponse(
                $"None of the {rejected.Count} file(s) was added. " + string.Join(" ", rejected.Take(5).Select(r => $"{r.Name}: {r.Reason.TrimEnd('.')}.")),
                rejected), statusCode: StatusCodes.Status400BadRequest);
        return Results.Ok(new AddedPhotosResponse(added, rejected, skipped, View(project, store, training)));
    }
}
