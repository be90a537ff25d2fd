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
        if (faces is null) throw new ArgumentException("people models always need the face extractor (detection, unknown check)", nameof(faces));
        if (FeatureRows.UsesScene(spec.Features) && scenes is null)
            throw new ArgumentException("scene features need the scene extractor", nameof(scenes));
    }

    public PersonPrediction Predict(string path) => Predict(ImageLoader.Load(path, Spec.DecodeMinSide), path);

    public PersonPrediction Predict(RgbImage image, string source = "")
    {
        var scene = FeatureRows.UsesScene(Spec.Features) ? _scenes!.Extract(image)[0] : null;
        var face = Spec.FaceChoice == FaceChoice.Largest
            ? _faces!.Extract(image)
            : FacePicking.Choose(_faces!.ExtractWithOthers(image, 1, 0, OtherFaces), Spec.FaceChoice, Model.NearestDistance,
                Model.head, Spec.Features, scene);
        var vector = FeatureRows.Vector(Spec.Features, face.Descriptors[0], scene);
        var probabilities = Model.Probabilities(vector, 1);
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++) if (probabilities[i] > probabilities[best]) best = i;

        float distance = face.Found ? Model.NearestDistance(face.Descriptors[0]) : float.NaN;
        string? reason = null;
        if (face.Found && Spec.UnknownDistance is { } limit && distance > limit)
            reason = $"the face is {distance:F3} from the nearest training face (threshold {limit:F3})";
        else if (!face.Found && Spec.NoFace == NoFacePolicy.Exclude)
            reason = "no face found";
        else if (probabilities[best] < ProbabilityThreshold)
            reason = $"top probability {probabilities[best]:F3} is below {ProbabilityThreshold:F3}";
        var prediction = new Prediction(source, Classes[best], best, probabilities[best], probabilities, reason is not null);
        return new PersonPrediction(prediction, face.Box, distance, reason);
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
