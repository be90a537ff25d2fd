using Fewshot.Models;
using Fewshot.Models.Weights;
using Fewshot.Tests.Bodies;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Web;

/// <summary>
/// FEWSHOT_CACHE pointed at a new folder in which the given torchvision bodies are installed, for as long as this lives:
/// each under its official file name with the parity fixtures' random weights (<see cref="TorchvisionFixtures"/>) and
/// their SHA-256, as `fewshot setup backbone` leaves them. Test collections run one at a time (xunit.runner.json), so
/// no other test sees the changed variable.
/// </summary>
public sealed class TemporaryBodyCache : IDisposable
{
    const string Variable = "FEWSHOT_CACHE";
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fewshot-body-cache-");
    readonly string? _previous = Environment.GetEnvironmentVariable(Variable);

    public TemporaryBodyCache(params string[] installed)
    {
        // libtorch's patched bridge lives in the real cache: load it before the cache moves.
        Torch.Ready();
        var weights = installed.ToDictionary(id => id, id => TorchvisionFixtures.Weights(BackboneRegistry.Get(id).Architecture));
        Environment.SetEnvironmentVariable(Variable, _root.FullName);
        var store = BackboneWeightsStore.Default;
        Directory.CreateDirectory(store.Root);
        foreach (var (id, file) in weights)
        {
            var body = BackboneRegistry.Get(id);
            File.Copy(file, store.FilePath(body));
            File.WriteAllText(store.FilePath(body) + ".sha256", FileHash.Sha256(file) + "\n");
        }
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, _previous);
        _root.Delete(recursive: true);
    }
}
