using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Web.Projects;

namespace Fewshot.Web.Training;

/// <summary>Keeps each project's trained model loaded for testing photos; a new training evicts it.</summary>
public sealed class PredictorCache(ProjectStore store) : IDisposable
{
    readonly Dictionary<string, Predictor> _loaded = [];
    readonly Lock _lock = new();

    /// <exception cref="ImageLoadException">The bytes are not a readable image.</exception>
    public Prediction Predict(string projectId, byte[] data, string displayName)
    {
        lock (_lock)
        {
            if (!_loaded.TryGetValue(projectId, out var predictor))
            {
                var path = store.ModelPath(projectId);
                if (!File.Exists(path)) throw new NotFoundException("This project has no trained model yet: train it first.");
                predictor = Predictor.Load(path);
                _loaded[projectId] = predictor;
            }
            var image = ImageLoader.Load(data, displayName, predictor.Manifest.Input.DecodeMinSide);
            return predictor.Predict(image, displayName);
        }
    }

    public void Evict(string projectId)
    {
        lock (_lock)
        {
            if (_loaded.Remove(projectId, out var predictor)) predictor.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var predictor in _loaded.Values) predictor.Dispose();
            _loaded.Clear();
        }
    }
}
