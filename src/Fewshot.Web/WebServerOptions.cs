namespace Fewshot.Web;

/// <summary>How <c>fewshot serve</c> runs: where it listens, where projects live, and the upload limits.</summary>
public sealed record WebServerOptions
{
    /// <summary>Address to bind; anything but loopback exposes training and your photos to the network.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 8765;
    public string ProjectsDirectory { get; init; } = DefaultProjectsDirectory;
    /// <summary>Extra host names accepted in the Host header (besides localhost, 127.0.0.1, [::1] and the bind address).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
    /// <summary>Fixed access token (tests); null makes a random one.</summary>
    public string? Token { get; init; }
    public long MaxFileBytes { get; init; } = 20L << 20;
    public int MaxFilesPerUpload { get; init; } = 200;
    public long MaxRequestBytes { get; init; } = 256L << 20;
    public int MaxImagesPerProject { get; init; } = 5000;
    /// <summary>Folders whose contents may be imported (links resolved); null: the home directory of the user running the server; empty: import is off.</summary>
    public IReadOnlyList<string>? ImportRoots { get; init; }

    /// <summary>The import roots in force: those given, else the home directory if the user has one.</summary>
    public IReadOnlyList<string> EffectiveImportRoots =>
        ImportRoots ?? (Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home && Directory.Exists(home) ? [home] : []);

    public static string DefaultProjectsDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "fewshot-projects");

    public bool IsLoopback => Host is "127.0.0.1" or "localhost" or "::1" or "[::1]";
}
