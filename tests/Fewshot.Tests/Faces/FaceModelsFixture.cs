using Fewshot.Faces;

namespace Fewshot.Tests.Faces;

/// <summary>
/// Installs the face models once per test run when they are missing (npm reaches the registry here and
/// in CI), so the face tests really run; where that fails they skip with the reason.
/// </summary>
public sealed class FaceModelsFixture
{
    static readonly Lazy<(string? Directory, string? Problem)> Installed = new(TryInstall);

    /// <summary>The model folder, or skips the calling test.</summary>
    public string RequireModels()
    {
        var (directory, problem) = Installed.Value;
        if (directory is null)
            Assert.Skip($"face models not installed and not installable ({problem}); run `fewshot setup faces`");
        return directory;
    }

    static (string?, string?) TryInstall()
    {
        try
        {
            if (!FaceModelStore.IsInstalled) FaceModelStore.Install();
            return (FaceModelStore.ModelDirectory, null);
        }
        catch (FewshotException e)
        {
            return (null, e.Message);
        }
    }
}
