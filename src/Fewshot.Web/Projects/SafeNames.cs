using System.Text.RegularExpressions;

namespace Fewshot.Web.Projects;

/// <summary>Checks and cleans every name that comes from the client; none of them is ever used as a path.</summary>
public static partial class SafeNames
{
    public const int MaxLength = 60;

    [GeneratedRegex("^[0-9a-f]{12}$")] private static partial Regex ProjectIdPattern();
    [GeneratedRegex("^[0-9a-f]{64}$")] private static partial Regex HashPattern();
    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")] private static partial Regex BurstPattern();

    public static bool IsProjectId(string? id) => id is not null && ProjectIdPattern().IsMatch(id);
    public static bool IsHash(string? hash) => hash is not null && HashPattern().IsMatch(hash);
    public static bool IsBurst(string? burst) => burst is not null && BurstPattern().IsMatch(burst);

    /// <summary>A trimmed project or class name, or a FewshotException saying what is wrong with it.</summary>
    public static string Label(string? name, string what)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0) throw new FewshotException($"The {what} name is empty: type a name.");
        if (trimmed.Length > MaxLength) throw new FewshotException($"The {what} name is longer than {MaxLength} characters: shorten it.");
        if (trimmed.Any(char.IsControl)) throw new FewshotException($"The {what} name contains control characters: use plain text.");
        return trimmed;
    }

    /// <summary>The last segment of a client file name, with anything odd replaced: for display only.</summary>
    public static string DisplayFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault(s => s.Length > 0 && s != "." && s != "..") ?? "";
        var clean = new string(last.Select(c => char.IsControl(c) ? '_' : c).ToArray());
        if (clean.Length > 100) clean = clean[..100];
        return clean.Length == 0 ? "photo" : clean;
    }
}
