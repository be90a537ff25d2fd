using Fewshot.Imaging;
using Fewshot.Inference;

namespace Fewshot.People;

/// <summary>
/// Photo → face and/or whole-photo features → head → probabilities, with the unknown-face check.
/// The learner and the predictor share it, so an exported model answers exactly as the trained one.
/// </summary>
public sealed class PeoplePipeline : IDisposable
{
    readonly FaceFeatureExtractor? _faces;
    readonly SceneFeatureExtractor? _scenes;
    readonly bool _ownsExtractors;
    readonly List<int> _rest;

    public PeopleModel Model { get; }
    public PeopleSpec Spec { get; }
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Top probability below which a photo is reported as unknown (0: never).</summary>
    public float ProbabilityThreshold { get; set; }

    public PeoplePipeline(PeopleModel model, PeopleSpec spec, IReadOnlyList<string> classes,
        FaceFeatureExtractor? faces, SceneFeatureExtractor? scenes, bool ownsExtractors)
    {
        Model = model;
        Spec = spec;
        Classes = classes;
        _faces = faces;
        _scenes = scenes;
        _ownsExtractors = ownsExtractors;
        _rest = spec.RestClasses.Select(name => classes.ToList().IndexOf(name)).Where(c => c >= 0).ToList();
        if (faces is not null && FeatureRows.UsesScene(spec.Features) && scenes is null)
            throw new ArgumentException("scene features need the scene extractor", nameof(scenes));
    }

    /// <summary>The face extractor; a pipeline made without one can only <see cref="Answer"/> features computed before.</summary>
    FaceFeatureExtractor Faces => _faces ?? throw new InvalidOperationException("this pipeline has no face extractor: it answers for features computed before");

    public PersonPrediction Predict(string path) => Predict(ImageLoader.Load(path, Spec.DecodeMinSide), path);

    /// <summary>The person in the photo: its face chosen by <see cref="PeopleSpec.FaceChoice"/>, or none.</summary>
    public PersonPrediction Predict(RgbImage image, string source = "")
    {
        var scene = SceneFeatures(image);
        var face = Spec.FaceChoice == FaceChoice.Largest
            ? Faces.Extract(image)
            : FacePicking.Choose(Faces.ExtractWithOthers(image, 1, 0, OtherFaces), Spec.FaceChoice, Model.NearestDistance,
                Model.head, Spec.Features, scene);
        return Decide(face, scene, source);
    }

    /// <summary>
    /// Every face in the photo named, largest first (<see cref="PersonPrediction.FaceIndex"/> 0, 1, …); a photo without a
    /// face gets the one answer <see cref="Predict(RgbImage, string)"/> gives it, without an index.
    /// </summary>
    public IReadOnlyList<PersonPrediction> PredictEveryFace(RgbImage image, string source = "")
    {
        var scene = SceneFeatures(image);
        var faces = Faces.ExtractAll(image);
        if (faces.Count == 0) return [Decide(new FaceSample(null, Faces.Embed(image, null, 1, 0)), scene, source)];
        return faces.Select((face, index) => Decide(face, scene, source) with { FaceIndex = index }).ToList();
    }

    float[]? SceneFeatures(RgbImage image) => FeatureRows.UsesScene(Spec.Features) ? _scenes!.Extract(image)[0] : null;

    /// <summary>The answer for a face already found and embedded (or its whole-photo stand-in) and the photo's scene features.</summary>
    public PersonPrediction Answer(FaceSample face, float[]? scene, string source) => Decide(face, scene, source);

    PersonPrediction Decide(FaceSample face, float[]? scene, string source)
    {
        var probabilities = Model.Probabilities(FeatureRows.Vector(Spec.Features, face.Descriptors[0], scene), 1);
        int best = Best(probabilities, Enumerable.Range(0, probabilities.Length));
        // With a class of many people, distances are to the named people's faces, and a face far from all of them is one of "everyone else".
        float distance = Model.NearestDistance(face.Descriptors[0], _rest);
        bool far = BeyondUnknownDistance(face, distance);
        bool toRest = far && _rest.Count > 0 && !_rest.Contains(best);
        if (toRest) best = Best(probabilities, _rest);
        var reason = UnknownReason(face, distance, far && _rest.Count == 0, probabilities[best]);
        var prediction = new Prediction(source, Classes[best], best, probabilities[best], probabilities, reason is not null);
        var faceSource = face.Found ? face.Source : FaceMissing ? FaceSource.None : FaceSource.WholePhoto;
        bool measured = face.Found || (faceSource == FaceSource.WholePhoto && !Spec.IsFirstFormat);
        return new PersonPrediction(prediction, face.Box, measured ? distance : float.NaN, reason)
        {
            FaceSource = faceSource,
            FarFromNamedPeople = toRest,
        };
    }

    static int Best(float[] probabilities, IEnumerable<int> among) => among.MaxBy(c => probabilities[c]);

    /// <summary>Whether a photo without a face is left unnamed: the model excludes such photos and names people by their face.</summary>
    bool FaceMissing => Spec.NoFace == NoFacePolicy.Exclude && (FeatureRows.UsesFace(Spec.Features) || Spec.IsFirstFormat);

    /// <summary>
    /// Whether the face is farther than the unknown distance. Models that name people by the whole photo alone (scene
    /// features) are not judged by a face; files of the first format judged found faces only, and still do.
    /// </summary>
    bool BeyondUnknownDistance(FaceSample face, float distance)
    {
        if (Spec.UnknownDistance is not { } limit || distance <= limit) return false;
        if (Spec.IsFirstFormat) return face.Found;
        return FeatureRows.UsesFace(Spec.Features) && (face.Found || !FaceMissing);
    }

    string? UnknownReason(FaceSample face, float distance, bool far, float top)
    {
        if (!face.Found && FaceMissing)
            return "no face found";
        if (far)
            return face.Found
                ? $"the face is {distance:F3} from the nearest training face (threshold {Spec.UnknownDistance:F3})"
                : $"no face found, and the whole photo is {distance:F3} from the nearest training face (threshold {Spec.UnknownDistance:F3})";
        if (top < ProbabilityThreshold)
            return $"top probability {top:F3} is below {ProbabilityThreshold:F3}";
        return null;
    }

    /// <summary>Faces besides the largest considered by <see cref="FaceChoice.Known"/> and <see cref="FaceChoice.Confident"/>.</summary>
    public const int OtherFaces = 2;

    public void Dispose()
    {
        Model.Dispose();
        if (!_ownsExtractors) return;
        _faces?.Dispose();
        _scenes?.Dispose();
    }
}
