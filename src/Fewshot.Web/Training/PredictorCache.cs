using Fewshot.Export;
using Fewshot.Faces;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.People;
using Fewshot.Predictors;
using Fewshot.Web.Projects;

namespace Fewshot.Web.Training;

/// <summary>Keeps each project's trained model (image or people) loaded for testing photos; a new training evicts it.</summary>
public sealed class PredictorCache(ProjectStore store) : IDisposable
{
    readonly Dictionary<string, IDisposable> _loaded = [];
    readonly Lock _lock = new();

    /// <param name="threshold">A top probability below it makes the answer "unknown" (0: never), as <c>fewshot predict --threshold</c>.</param>
    /// <exception cref="ImageLoadException">The bytes are not a readable image.</exception>
    public PhotoPrediction Predict(string projectId, byte[] data, string displayName, float threshold = 0)
    {
        lock (_lock)
        {
            if (!_loaded.TryGetValue(projectId, out var loaded))
            {
                loaded = Load(store.ModelPath(projectId));
                _loaded[projectId] = loaded;
            }
            var answer = loaded switch
            {
                PeoplePredictor people => Predict(people, data, displayName, threshold),
                Predictor predictor => Predict(predictor, data, displayName, threshold),
                _ => throw new InvalidOperationException("unexpected predictor " + loaded.GetType().Name),
            };
            return answer with { Threshold = threshold };
        }
    }

    static IDisposable Load(string path)
    {
        if (!File.Exists(path)) throw new NotFoundException("This project has no trained model yet: train it first.");
        var manifest = ModelFile.ReadManifest(path);
        if (manifest.Kind != ModelManifest.PeopleKind) return Predictor.Load(path);
        if (!FaceModelStore.IsInstalled)
            throw new FewshotException("This is a people model and the face models are not installed: run `fewshot setup faces` once, then test again.");
        return PeoplePredictor.Load(path);
    }

    static PhotoPrediction Predict(Predictor predictor, byte[] data, string displayName, float threshold)
    {
        var image = ImageLoader.Load(data, displayName, predictor.DecodeMinSide, minSideSlack: predictor.DecodeSlack);
        var p = predictor.Predict(image, displayName);
        var below = p.Probability < threshold;
        var reason = below ? FormattableString.Invariant($"top probability {p.Probability:F3} is below the threshold {threshold:0.###}") : null;
        return PhotoPrediction.Of(p with { IsUnknown = below }, predictor.Manifest.Classes, reason);
    }

    /// <summary>The photo's answer (the face the model's face choice picks, as <c>fewshot predict</c>) and every face in it.</summary>
    static PhotoPrediction Predict(PeoplePredictor predictor, byte[] data, string displayName, float threshold)
    {
        var image = ImageLoader.Load(data, displayName, predictor.Spec.DecodeMinSide);
        predictor.ProbabilityThreshold = threshold;
        var answer = PhotoPrediction.Of(predictor.Predict(image, displayName), predictor.Classes, image.Width, image.Height);
        var faces = predictor.PredictEveryFace(image, displayName).Select(f => PhotoPrediction.Of(f, predictor.Classes, image.Width, image.Height));
        return answer with { Faces = faces.ToList() };
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
