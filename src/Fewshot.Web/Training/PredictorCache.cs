using Fewshot.Export;
using Fewshot.Faces;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.People;
using Fewshot.Web.Projects;

namespace Fewshot.Web.Training;

/// <summary>What testing one photo answers: the verdict (a class or "unknown"), every class's probability and, for people models, the face.</summary>
/// <param name="Face">The face looked at, as fractions of the photo's width and height; null for image models or when no face was found.</param>
public sealed record PhotoPrediction(string Label, float Probability, IReadOnlyList<ClassProbability> Probabilities,
    FaceView? Face, string? UnknownReason);

public sealed record ClassProbability(string Label, float Probability);

public sealed record FaceView(float X, float Y, float Width, float Height, float Score);

/// <summary>Keeps each project's trained model (image or people) loaded for testing photos; a new training evicts it.</summary>
public sealed class PredictorCache(ProjectStore store) : IDisposable
{
    readonly Dictionary<string, IDisposable> _loaded = [];
    readonly Lock _lock = new();

    /// <exception cref="ImageLoadException">The bytes are not a readable image.</exception>
    public PhotoPrediction Predict(string projectId, byte[] data, string displayName)
    {
        lock (_lock)
        {
            if (!_loaded.TryGetValue(projectId, out var loaded))
            {
                loaded = Load(store.ModelPath(projectId));
                _loaded[projectId] = loaded;
            }
            return loaded switch
            {
                PeoplePredictor people => Predict(people, data, displayName),
                Predictor predictor => Predict(predictor, data, displayName),
                _ => throw new InvalidOperationException("unexpected predictor " + loaded.GetType().Name),
            };
        }
    }

    static IDisposable Load(string path)
    {
        if (!File.Exists(path)) throw new NotFoundException("This project has no trained model yet: train it first.");
        var (manifest, _) = ModelFile.Read(path);
        if (manifest.Kind != ModelManifest.PeopleKind) return Predictor.Load(path);
        if (!FaceModelStore.IsInstalled)
            throw new FewshotException("This is a people model and the face models are not installed: run `fewshot setup faces` once, then test again.");
        return PeoplePredictor.Load(path);
    }

    static PhotoPrediction Predict(Predictor predictor, byte[] data, string displayName)
    {
        var image = ImageLoader.Load(data, displayName, predictor.Manifest.Input.DecodeMinSide);
        var p = predictor.Predict(image, displayName);
        return new PhotoPrediction(p.Verdict, p.Probability, Ranked(predictor.Manifest.Classes, p), null, null);
    }

    static PhotoPrediction Predict(PeoplePredictor predictor, byte[] data, string displayName)
    {
        var image = ImageLoader.Load(data, displayName, predictor.Spec.DecodeMinSide);
        var result = predictor.Predict(image, displayName);
        var p = result.Prediction;
        var face = result.Face is { } f
            ? new FaceView(f.X / image.Width, f.Y / image.Height, f.Width / image.Width, f.Height / image.Height, f.Score)
            : null;
        return new PhotoPrediction(p.Verdict, p.Probability, Ranked(predictor.Classes, p), face, result.UnknownReason);
    }

    static List<ClassProbability> Ranked(IReadOnlyList<string> classes, Prediction p) =>
        p.Probabilities.Select((probability, i) => new ClassProbability(classes[i], probability)).OrderByDescending(x => x.Probability).ToList();

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
