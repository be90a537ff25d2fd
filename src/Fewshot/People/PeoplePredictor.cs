using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Runtime;

namespace Fewshot.People;

/// <summary>
/// Loads a people model (.fewshot of kind "people") and names the person in photos (<see cref="Predict(string)"/>: the
/// face the model's face choice picks) or every face in them (<see cref="PredictEveryFace(string)"/>), reporting
/// "unknown" for a face far from every training face, and for a photo without a face when the model names none.
/// Needs the face models (`fewshot setup faces`) and, for scene features, the named ImageNet backbone.
/// </summary>
public sealed class PeoplePredictor : IDisposable
{
    readonly PeoplePipeline _pipeline;

    public ModelManifest Manifest { get; }
    public PeopleSpec Spec => _pipeline.Spec;
    public IReadOnlyList<string> Classes => Manifest.Classes;
    public float ProbabilityThreshold { get => _pipeline.ProbabilityThreshold; set => _pipeline.ProbabilityThreshold = value; }

    PeoplePredictor(ModelManifest manifest, PeoplePipeline pipeline)
    {
        Manifest = manifest;
        _pipeline = pipeline;
    }

    public static PeoplePredictor Load(string path, float probabilityThreshold = 0)
    {
        var (manifest, weights) = ModelFile.Read(path);
        return Load(path, manifest, weights, probabilityThreshold);
    }

    internal static PeoplePredictor Load(string path, ModelManifest manifest, byte[] weights, float probabilityThreshold)
    {
        if (manifest.Kind != ModelManifest.PeopleKind)
            throw new FewshotException($"'{path}' is an '{manifest.Kind}' model, not a people model; load it with Predictor.Load " +
                                       "(or `fewshot predict`, which handles both).");
        if (PeopleSpecFormat.Read(manifest, path) is not { } spec)
            throw new FewshotException($"'{path}' is marked as a people model but has no people settings: the file is damaged. Train the model again.");
        if (Inconsistency(spec, manifest) is { } why)
            throw new FewshotException($"'{path}' is a damaged people model ({why}). Train the model again.");
        RequireTrainedSceneWeights(path, manifest, spec);
        NativeRuntime.EnsureLoaded();
        var faces = new FaceFeatureExtractor(spec.Margin, alignment: spec.Alignment, mirrorAverage: spec.MirrorAverage,
            padding: spec.Padding);
        SceneFeatureExtractor? scenes = null;
        PeopleModel? model = null;
        try
        {
            if (FeatureRows.UsesScene(spec.Features)) scenes = new SceneFeatureExtractor(manifest.Backbone);
            model = new PeopleModel(spec.Dimension, manifest.Classes.Count,
                new float[spec.GallerySize * Faces.FaceRecognitionNet.DescriptorLength], new long[spec.GallerySize]);
            ModelWeights.Load(model, weights, path);
            var pipeline = new PeoplePipeline(model, spec, manifest.Classes, faces, scenes, ownsExtractors: true)
            {
                ProbabilityThreshold = probabilityThreshold,
            };
            return new PeoplePredictor(manifest, pipeline);
        }
        catch
        {
            model?.Dispose();
            faces.Dispose();
            scenes?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Scene features come from the installed body at prediction time: they must come from the weights the model was
    /// trained with, or they would not mean the same.
    /// </summary>
    static void RequireTrainedSceneWeights(string path, ModelManifest manifest, PeopleSpec spec)
    {
        if (manifest.BodyWeights is not { } trained || !FeatureRows.UsesScene(spec.Features)
            || Models.BackboneRegistry.Find(manifest.Backbone) is not { WeightsAvailable: true } body)
            return;
        var installed = body.WeightsSha256();
        if (installed != trained.Sha256)
            throw new FewshotException($"'{path}' was trained with other {body.Id} weights ({trained.File}, SHA-256 {trained.Sha256[..16]}…) than " +
                                       $"those installed ({Path.GetFileName(body.WeightsPath())}, {installed[..16]}…): its scene features would not mean the same. " +
                                       "Install the weights it was trained with, or train it again.");
    }

    /// <summary>Why the people settings cannot belong to a model trained by this code, or null when they can.</summary>
    static string? Inconsistency(PeopleSpec spec, ModelManifest manifest)
    {
        if (spec.Features == PeopleFeatures.Auto) return "features 'auto' instead of the kind chosen";
        if (spec.NoFace == NoFacePolicy.Auto) return "no-face policy 'auto' instead of the policy decided";
        if (!spec.IsFirstFormat && spec.Unknown is null) return "no unknown-face settings";
        if (!(spec.Padding is >= 0 and <= 2)) return $"face-search padding {spec.Padding}";
        if (spec.UnknownDistance is { } distance && !(distance > 0)) return $"unknown distance {distance}";
        if (spec.RestClasses.FirstOrDefault(c => !manifest.Classes.Contains(c)) is { } rest) return $"class of many people '{rest}' is not one of its classes";
        if (spec.DecodeMinSide < 1) return $"decode side {spec.DecodeMinSide}";
        if (spec.GallerySize < 0 || spec.GallerySize > int.MaxValue / Faces.FaceRecognitionNet.DescriptorLength)
            return $"gallery size {spec.GallerySize}";
        int scene = Models.BackboneRegistry.All.FirstOrDefault(b => string.Equals(b.Id, manifest.Backbone, StringComparison.OrdinalIgnoreCase)) is { } backbone ? 2 * backbone.FeatureChannels : -1;
        int expected = spec.Features switch
        {
            PeopleFeatures.Face => Faces.FaceRecognitionNet.DescriptorLength,
            PeopleFeatures.Scene => scene,
            _ => scene < 0 ? -1 : Faces.FaceRecognitionNet.DescriptorLength + scene,
        };
        if (scene < 0 && spec.Features != PeopleFeatures.Face) return $"unknown backbone '{manifest.Backbone}'";
        return spec.Dimension == expected ? null : $"{spec.Features.ToString().ToLowerInvariant()} features of length {spec.Dimension}, expected {expected}";
    }

    public PersonPrediction Predict(string path) => _pipeline.Predict(path);

    public PersonPrediction Predict(RgbImage image, string source = "") => _pipeline.Predict(image, source);

    /// <summary>Every face in the photo named, largest first; a photo without a face gets its one answer, without an index.</summary>
    public IReadOnlyList<PersonPrediction> PredictEveryFace(RgbImage image, string source = "") => _pipeline.PredictEveryFace(image, source);

    public IReadOnlyList<PersonPrediction> PredictEveryFace(string path) =>
        _pipeline.PredictEveryFace(ImageLoader.Load(path, Spec.DecodeMinSide), path);

    /// <summary>
    /// Each photo decoded and its face (or, with <paramref name="everyFace"/>, every face) named, or why it could not be
    /// read; in order, one photo at a time, stopping between photos when cancelled.
    /// </summary>
    public IEnumerable<PeopleScore> Score(IReadOnlyList<string> files, DecodeOptions decode, bool everyFace, CancellationToken cancel = default)
    {
        foreach (var path in files)
        {
            cancel.ThrowIfCancellationRequested();
            RgbImage? image = null;
            string? error = null;
            try { image = ImageLoader.Load(path, Spec.DecodeMinSide, decode); }
            catch (ImageLoadException e) { error = e.Message; }
            yield return image is null ? new PeopleScore(path, null, null, error)
                : new PeopleScore(path, image, everyFace ? PredictEveryFace(image, path) : [Predict(image, path)], null);
        }
    }

    public void Dispose() => _pipeline.Dispose();
}

/// <summary>A photo's answers (and the photo, to draw them on), or why it could not be read.</summary>
public sealed record PeopleScore(string Path, RgbImage? Image, IReadOnlyList<PersonPrediction>? Answers, string? Error);
