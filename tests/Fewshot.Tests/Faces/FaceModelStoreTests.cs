using Fewshot.Faces;

namespace Fewshot.Tests.Faces;

public sealed class FaceModelStoreTests(FaceModelsFixture models) : IClassFixture<FaceModelsFixture>
{
    [Fact]
    public void Installed_store_holds_every_required_file()
    {
        var directory = models.RequireModels();
        Assert.True(FaceModelStore.IsInstalled);
        foreach (var file in FaceModelStore.RequiredFiles)
            Assert.True(File.Exists(Path.Combine(directory, file)), file);
    }

    [Fact]
    public void Install_is_idempotent_once_installed()
    {
        var directory = models.RequireModels();
        var messages = new List<string>();
        Assert.Equal(directory, FaceModelStore.Install(messages.Add));
        Assert.Contains(messages, m => m.Contains("already installed"));
    }

    [Fact]
    public void Install_into_an_empty_cache_fetches_verifies_and_unpacks()
    {
        models.RequireModels(); // npm works here, or the test skips
        var cache = Directory.CreateTempSubdirectory("fewshot-cache-");
        var previous = Environment.GetEnvironmentVariable("FEWSHOT_CACHE");
        try
        {
            Environment.SetEnvironmentVariable("FEWSHOT_CACHE", cache.FullName);
            Assert.False(FaceModelStore.IsInstalled);
            var directory = FaceModelStore.Install();
            Assert.Equal(Path.Combine(cache.FullName, "face-api-1.7.15", "model"), directory);
            Assert.True(FaceModelStore.IsInstalled);
            // Only the model files land in the cache: no tarball, no staging folder.
            Assert.Equal(FaceModelStore.RequiredFiles.Count,
                Directory.GetFiles(cache.FullName, "*", SearchOption.AllDirectories).Length);
            Assert.Single(Directory.GetDirectories(cache.FullName));
        }
        finally
        {
            Environment.SetEnvironmentVariable("FEWSHOT_CACHE", previous);
            cache.Delete(recursive: true);
        }
    }

    [Fact]
    public void Override_pointing_to_an_incomplete_folder_is_reported()
    {
        var empty = Directory.CreateTempSubdirectory("fewshot-faces-empty-");
        var previous = Environment.GetEnvironmentVariable(FaceModelStore.OverrideVariable);
        try
        {
            Environment.SetEnvironmentVariable(FaceModelStore.OverrideVariable, empty.FullName);
            var error = Assert.Throws<FewshotException>(() => FaceModelStore.ModelDirectory);
            Assert.Contains("fewshot setup faces", error.Message);
            Assert.False(FaceModelStore.IsInstalled);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FaceModelStore.OverrideVariable, previous);
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Override_pointing_to_a_model_folder_is_used()
    {
        var directory = models.RequireModels();
        var previous = Environment.GetEnvironmentVariable(FaceModelStore.OverrideVariable);
        try
        {
            Environment.SetEnvironmentVariable(FaceModelStore.OverrideVariable, directory);
            Assert.Equal(directory, FaceModelStore.ModelDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FaceModelStore.OverrideVariable, previous);
        }
    }
}
