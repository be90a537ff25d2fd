using Fewshot.Training;

namespace Fewshot.People;

/// <summary>Turns photos' features into <see cref="FeatureSet"/> rows for one kind of features.</summary>
public static class FeatureRows
{
    public static bool UsesFace(PeopleFeatures kind) => kind is PeopleFeatures.Face or PeopleFeatures.Both;
    public static bool UsesScene(PeopleFeatures kind) => kind is PeopleFeatures.Scene or PeopleFeatures.Both;

    /// <summary>Whether a photo takes part under the no-face policy (face features need a face, or the whole-photo stand-in).</summary>
    public static bool Eligible(PersonPhoto photo, PeopleFeatures kind, NoFacePolicy policy) =>
        !(UsesFace(kind) && policy == NoFacePolicy.Exclude && !photo.FaceFound);

    /// <summary>The feature vector of one view: face descriptor, whole-photo features, or both concatenated.</summary>
    public static float[] Vector(PeopleFeatures kind, float[]? face, float[]? scene) => kind switch
    {
        PeopleFeatures.Face => face ?? throw new InvalidOperationException("face features were not computed"),
        PeopleFeatures.Scene => scene ?? throw new InvalidOperationException("scene features were not computed"),
        PeopleFeatures.Both => [.. face ?? throw new InvalidOperationException("face features were not computed"),
            .. scene ?? throw new InvalidOperationException("scene features were not computed")],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "choose face, scene or both"),
    };

    /// <summary>
    /// Rows for the given photos (indices into <paramref name="photos"/>), <paramref name="views"/> views each
    /// (view 0 only for 1); Items are the photo indices.
    /// </summary>
    public static FeatureSet Build(IReadOnlyList<PersonPhoto> photos, IEnumerable<int> indices, PeopleFeatures kind, int views)
    {
        var values = new List<float>();
        var labels = new List<long>();
        var items = new List<int>();
        int dimension = 0;
        for (int v = 0; v < views; v++)
            foreach (var i in indices)
            {
                var photo = photos[i];
                var vector = Vector(kind, photo.Face?.Descriptors[v], photo.Scene?[v]);
                dimension = vector.Length;
                values.AddRange(vector);
                labels.Add(photo.Label);
                items.Add(i);
            }
        return new FeatureSet(values.ToArray(), dimension, labels.ToArray(), items.ToArray());
    }
}
