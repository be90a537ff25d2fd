using Fewshot.Imaging;
using Fewshot.Web.Projects;
using Fewshot.Web.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Api;

public sealed record FolderRequest(string? Folder);

/// <summary>Importing the photos of a folder on the server, under the roots <c>--import-root</c> allows.</summary>
public static class ImportApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/server", (ImportFolders folders) => Results.Ok(new Contract.ServerResponse(folders.Roots)));
        app.MapPost("/api/projects/{id}/classes/{name}/import", Import);
    }

    /// <summary>
    /// Adds the photos of a folder (not its sub-folders): only files named like photos are read, and only their names are
    /// reported; the others are counted. A link that leads outside the allowed roots is not followed.
    /// </summary>
    static IResult Import(string id, string name, FolderRequest request, ProjectStore store, TrainingService training,
        ImportFolders folders, WebServerOptions options)
    {
        var given = (request.Folder ?? "").Trim();
        if (given.Contains('\0')) throw new FewshotException("The folder path contains a NUL character: type the path again.");
        if (!Path.IsPathFullyQualified(given))
            throw new FewshotException("Give the folder's full path on the server, e.g. /home/me/photos/cats.");
        store.Get(id);
        var folder = folders.Resolve(given);
        if (!Directory.Exists(folder)) throw new FewshotException($"Folder '{given}' does not exist on the server.");
        var files = new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var photos = files.Where(f => ImportFolders.IsPhotoName(f.Name)).ToList();
        int skipped = files.Count - photos.Count;
        if (photos.Count == 0)
            throw new FewshotException($"Folder '{given}' holds no photos (JPEG, PNG, GIF, BMP or WebP files){(skipped > 0 ? $", only {skipped} other file(s)" : "")}.");
        if (photos.Count > options.MaxFilesPerUpload)
            throw new FewshotException($"Folder '{given}' holds {photos.Count} photos; at most {options.MaxFilesPerUpload} are imported at a time. Split it.");
        var added = 0;
        var rejected = new List<RejectedFile>();
        foreach (var file in photos)
        {
            if (Read(file, folders, options, rejected) is { } bytes && ProjectApi.TryAdd(store, id, ProjectApi.ClassName(name), bytes, file.Name, rejected))
                added++;
        }
        return ProjectApi.Outcome(added, rejected, store.Get(id), store, training, skipped);
    }

    static byte[]? Read(FileInfo file, ImportFolders folders, WebServerOptions options, List<RejectedFile> rejected)
    {
        string? Problem()
        {
            if (!folders.Allows(RealPath.Of(file.FullName))) return "a link to a file outside the folders this server imports from";
            var length = ImageLoader.Length(file.FullName);
            if (length is null or 0) return "empty, not a regular file (a pipe or a device), or a broken link";
            if (length > options.MaxFileBytes) return $"larger than {options.MaxFileBytes >> 20} MB, the most one photo may be";
            return null;
        }
        try
        {
            if (Problem() is { } problem)
            {
                rejected.Add(new RejectedFile(file.Name, problem));
                return null;
            }
            return File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            rejected.Add(new RejectedFile(file.Name, "could not be read: " + e.Message));
            return null;
        }
    }
}
