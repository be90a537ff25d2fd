namespace Fewshot.Web.Projects;

/// <summary>A project as stored in project.json: its classes and which stored photo belongs to which class.</summary>
public sealed record Project
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset Created { get; init; }
    public List<string> Classes { get; init; } = [];
    public List<ProjectImage> Images { get; init; } = [];
}

/// <param name="Hash">SHA-256 of the file's bytes (hex): also its file name in the project's image store.</param>
/// <param name="Name">The client's file name, for display only (never used as a path).</param>
/// <param name="ShortSide">The photo's short side in pixels (capped at the size it was checked at).</param>
/// <param name="Burst">The webcam burst the photo was recorded in (its frames are near-duplicates), or null.</param>
public sealed record ProjectImage(string Hash, string Class, string Name, int ShortSide, string? Burst = null);

public sealed record ProjectSummary(string Id, string Name, int Classes, int Images, bool Trained);
