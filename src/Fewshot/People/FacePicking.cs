using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>Which of a photo's large faces is classified (<see cref="FaceChoice"/>), given the trained head.</summary>
public static class FacePicking
{
    /// <summary>The photo's face and its other large faces, each without others of its own; largest first.</summary>
    public static IReadOnlyList<FaceSample> Candidates(FaceSample face) =>
        face.Others.Count == 0 ? [face]
            : face.Others.Prepend(face with { Others = [] }).OrderByDescending(f => f.Box?.Area ?? 0).ToList();

    /// <summary>
    /// The face <paramref name="choice"/> picks. <paramref name="nearestDistance"/> (distance to the nearest training face)
    /// is used by <see cref="FaceChoice.Known"/>; <paramref name="head"/>, <paramref name="kind"/> and
    /// <paramref name="scene"/> (the photo's plain-view scene features, for kind Both) by <see cref="FaceChoice.Confident"/>.
    /// </summary>
    public static FaceSample Choose(FaceSample face, FaceChoice choice, Func<float[], float> nearestDistance,
        PeopleHead head, PeopleFeatures kind, float[]? scene)
    {
        var candidates = Candidates(face);
        if (candidates.Count == 1) return candidates[0];
        return choice switch
        {
            FaceChoice.Largest => candidates[0],
            FaceChoice.Known => candidates.MinBy(f => nearestDistance(f.Descriptors[0]))!,
            FaceChoice.Confident => MostConfident(candidates, head, kind, scene),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, null),
        };
    }

    /// <summary>
    /// The candidate whose top class probability under <paramref name="head"/> is highest (ties: the larger face).
    /// With scene features only, the face does not matter and the largest is returned.
    /// </summary>
    public static FaceSample MostConfident(IReadOnlyList<FaceSample> candidates, PeopleHead head, PeopleFeatures kind, float[]? scene)
    {
        if (!FeatureRows.UsesFace(kind) || candidates.Count == 1) return candidates[0];
        var rows = candidates.SelectMany(f => FeatureRows.Vector(kind, f.Descriptors[0], scene)).ToArray();
        head.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var top = nn.functional.softmax(head.call(tensor(rows).reshape(candidates.Count, -1)), 1).max(1).values.data<float>().ToArray();
        int best = 0;
        for (int i = 1; i < top.Length; i++) if (top[i] > top[best]) best = i;
        return candidates[best];
    }

    /// <summary>Euclidean distance from a descriptor to the nearest of <paramref name="gallery"/> (+∞ when empty).</summary>
    public static float NearestDistance(IReadOnlyList<float[]> gallery, float[] descriptor) =>
        gallery.Count == 0 ? float.PositiveInfinity : gallery.Min(g => FaceDistance.Between(g, descriptor));
}
