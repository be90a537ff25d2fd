using System.Security.Cryptography;
using System.Text.Json;
using Fewshot.Export;
using Fewshot.Imaging;

namespace Fewshot.Web.Projects;

/// <summary>
/// Projects on disk: <c>ROOT/&lt;id&gt;/project.json</c>, photos in <c>images/&lt;sha256&gt;</c>, and after training
/// <c>model.fewshot</c> and <c>results.json</c>. Every path is built here from a checked id or hash.
/// </summary>
public sealed class ProjectStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    readonly Lock _lock = new();
    readonly HashSet<string> _training = [];

    public string Root { get; }
    public int MaxImagesPerProject { get; }

    public ProjectStore(string root, int maxImagesPerProject = 5000)
    {
        Root = Path.GetFullPath(root);
        MaxImagesPerProject = maxImagesPerProject;
        Directory.CreateDirectory(Root);
    }

    public IReadOnlyList<ProjectSummary> List()
    {
        var summaries = new List<ProjectSummary>();
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            var id = Path.GetFileName(dir);
            if (!SafeNames.IsProjectId(id) || !File.Exists(MetadataPath(id))) continue;
            Project project;
            // One damaged project file must not hide the others; opening it shows what is wrong.
            try { project = Get(id); }
            catch (FewshotException) { summaries.Add(new ProjectSummary(id, $"{id} (damaged project file)", 0, 0, false)); continue; }
            summaries.Add(new ProjectSummary(id, project.Name, project.Classes.Count, project.Images.Count, File.Exists(ModelPath(id))));
        }
        return summaries.OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public Project Create(string name)
    {
        var project = new Project
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
            Name = SafeNames.Label(name, "project"),
            Created = DateTimeOffset.UtcNow,
        };
        Directory.CreateDirectory(ImagesDirectory(project.Id));
        Save(project);
        return project;
    }

    /// <summary>
    /// The project as it is now, for a training to use: until <see cref="EndTraining"/> its classes and photos cannot
    /// change and it cannot be deleted (each attempt gets a 409 that says why), so the results describe the project.
    /// </summary>
    public Project BeginTraining(string id)
    {
        lock (_lock)
        {
            var project = Get(id);
            if (!_training.Add(id)) throw Training(project);
            return project;
        }
    }

    public void EndTraining(string id)
    {
        lock (_lock) _training.Remove(id);
    }

    static ConflictException Training(Project project) =>
        new($"Project '{project.Name}' is training: its classes and photos cannot change until the training ends. " +
            "Wait for it to finish, or cancel it.");

    void RequireNotTraining(Project project)
    {
        lock (_lock)
            if (_training.Contains(project.Id)) throw Training(project);
    }

    public Project Get(string id)
    {
        if (!SafeNames.IsProjectId(id) || !File.Exists(MetadataPath(id)))
            throw new NotFoundException("No such project: it may have been deleted. Pick one from the list.");
        try
        {
            var project = JsonSerializer.Deserialize<Project>(File.ReadAllText(MetadataPath(id)), Json)
                          ?? throw new FewshotException($"Project file '{MetadataPath(id)}' is empty.");
            if (project.Id != id || project.Name is null || project.Classes is null || project.Images is null
                || project.Classes.Any(c => c is null) || project.Images.Any(i => i is null))
                throw new FewshotException($"Project file '{MetadataPath(id)}' is damaged (its id, name, classes or photos are missing " +
                                           "or do not match its folder). Restore it or delete the project folder.");
            return project;
        }
        catch (JsonException e)
        {
            throw new FewshotException($"Project file '{MetadataPath(id)}' is damaged ({e.Message}). Restore it or delete the project folder.");
        }
    }

    /// <summary>Renames the project; allowed during its training, as the name is not part of what it trains on.</summary>
    public Project Rename(string id, string name)
    {
        var label = SafeNames.Label(name, "project");
        lock (_lock)
        {
            var project = Get(id);
            project.Name = label;
            Save(project);
            return project;
        }
    }

    /// <summary>Deletes the project's folder: its photos, model and results.</summary>
    public void Delete(string id)
    {
        string trash;
        lock (_lock)
        {
            var project = Get(id);
            if (_training.Contains(id))
                throw new ConflictException($"Project '{project.Name}' is training: cancel the training before deleting the project.");
            // Moved aside first so the project disappears at once, even if deleting its files takes a while or fails half-way.
            trash = Path.Combine(Root, $".deleted-{id}-{Guid.NewGuid():N}");
            Directory.Move(ProjectDirectory(id), trash);
        }
        Directory.Delete(trash, recursive: true);
    }

    public Project AddClass(string id, string name)
    {
        var label = SafeNames.Label(name, "class");
        // Class names travel in URL paths, where the server decodes every escape except %2F ('/'): a literal '%'
        // would make "a%2Fb" and "a/b" the same request.
        if (label.Contains('%')) throw new FewshotException($"Class names cannot contain '%' ('{label}'): choose another name.");
        // Browsers and the server resolve "." and ".." in a URL path as folder steps, so such a class could never be reached again.
        if (label is "." or "..")
            throw new FewshotException($"A class cannot be named '{label}': web addresses read it as a step between folders. Choose another name.");
        return Update(id, project =>
        {
            if (project.Classes.FirstOrDefault(c => string.Equals(c, label, StringComparison.OrdinalIgnoreCase)) is { } existing)
                throw new ConflictException($"There is already a class named '{existing}' (class names ignore case).");
            project.Classes.Add(label);
        });
    }

    public Project RemoveClass(string id, string name) => Update(id, project =>
    {
        var label = RequireClass(project, name);
        project.Classes.Remove(label);
        project.Images.RemoveAll(i => i.Class == label);
    });

    /// <summary>Adds a photo to a class, storing its bytes by content hash; the same photo twice in a class is kept once.</summary>
    /// <param name="burst">The webcam burst it was recorded in (<see cref="SafeNames.IsBurst"/>), or null.</param>
    /// <exception cref="ImageLoadException">The bytes are not a readable image.</exception>
    public ProjectImage AddImage(string id, string className, byte[] data, string clientFileName, string? burst = null)
    {
        if (burst is not null && !SafeNames.IsBurst(burst))
            throw new FewshotException("The webcam burst's id must be 1 to 64 letters, digits or dashes.");
        var name = SafeNames.DisplayFileName(clientFileName);
        // 404, a missing class or a full project before the work of decoding, and before the photo is stored.
        var before = Get(id);
        RequireNotTraining(before);
        RequireClass(before, className);
        RequireRoom(before);
        int shortSide = ImageContent.Check(data, name);
        var hash = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
        var path = ImagePath(id, hash);
        if (!File.Exists(path)) AtomicFile.Write(path, stream => stream.Write(data));
        ProjectImage? added = null;
        Update(id, project =>
        {
            var label = RequireClass(project, className);
            added = project.Images.FirstOrDefault(i => i.Hash == hash && i.Class == label);
            if (added is not null) return;
            RequireRoom(project);
            added = new ProjectImage(hash, label, name, shortSide, burst);
            project.Images.Add(added);
        });
        return added!;
    }

    void RequireRoom(Project project)
    {
        if (project.Images.Count >= MaxImagesPerProject)
            throw new FewshotException($"This project already holds {MaxImagesPerProject} photos, the most a project can hold.");
    }

    public Project RemoveImage(string id, string className, string hash) => Update(id, project =>
    {
        var label = RequireClass(project, className);
        if (project.Images.RemoveAll(i => i.Hash == hash && i.Class == label) == 0)
            throw new NotFoundException($"Class '{label}' has no such photo.");
    });

    /// <summary>The stored photo's path, or NotFoundException; the hash is checked before it becomes a path.</summary>
    public string ExistingImagePath(string id, string hash)
    {
        if (!SafeNames.IsHash(hash)) throw new NotFoundException("No such photo.");
        var project = Get(id);
        var path = ImagePath(id, hash);
        if (!project.Images.Any(i => i.Hash == hash) || !File.Exists(path)) throw new NotFoundException("No such photo.");
        return path;
    }

    public string ImagePath(string id, string hash) => Path.Combine(ImagesDirectory(id), hash);
    public string ModelPath(string id) => Path.Combine(ProjectDirectory(id), "model.fewshot");
    public string ResultsPath(string id) => Path.Combine(ProjectDirectory(id), "results.json");

    public void SaveResults<T>(string id, T results) =>
        AtomicFile.Write(ResultsPath(id), stream => JsonSerializer.Serialize(stream, results, Json));

    public T? LoadResults<T>(string id) where T : class
    {
        var path = ResultsPath(id);
        if (!SafeNames.IsProjectId(id) || !File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; }
    }

    static string RequireClass(Project project, string name) =>
        project.Classes.FirstOrDefault(c => string.Equals(c, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new NotFoundException($"Project '{project.Name}' has no class named '{name}'.");

    Project Update(string id, Action<Project> change)
    {
        lock (_lock)
        {
            var project = Get(id);
            if (_training.Contains(id)) throw Training(project);
            change(project);
            Save(project);
            return project;
        }
    }

    void Save(Project project) =>
        AtomicFile.Write(MetadataPath(project.Id), stream => JsonSerializer.Serialize(stream, project, Json));

    string ProjectDirectory(string id) =>
        SafeNames.IsProjectId(id) ? Path.Combine(Root, id) : throw new NotFoundException("No such project.");
    string ImagesDirectory(string id) => Path.Combine(ProjectDirectory(id), "images");
    string MetadataPath(string id) => Path.Combine(ProjectDirectory(id), "project.json");
}
