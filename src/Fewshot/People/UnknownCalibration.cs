using System.Globalization;
using Fewshot.Evaluation;

namespace Fewshot.People;

/// <summary>
/// The distance beyond which a face is "unknown", and how it did in leave-persons-out on the training faces:
/// strangers rejected, and faces of the known people (those cross-validation named right) kept.
/// </summary>
public sealed record UnknownCalibration(float Distance, Proportion StrangersRejected, Proportion KnownKept)
{
    /// <summary>How many strangers let in a known face turned away is worth (bench/README.md, "Saying unknown").</summary>
    public const double KnownCost = 2;

    /// <summary>No threshold: nothing is unknown by its distance.</summary>
    public static UnknownCalibration Never => new(float.PositiveInfinity, new Proportion(0, 0), new Proportion(0, 0));

    public bool IsNever => float.IsPositiveInfinity(Distance);

    /// <summary>"strangers rejected 95.5% (107/112), known faces kept 99.0% (95/96)" as measured.</summary>
    public string Summary() => StrangersRejected.Total == 0
        ? "not measured (it needs two people with two faces each)"
        : string.Create(CultureInfo.InvariantCulture,
            $"strangers rejected {StrangersRejected}, known faces kept {KnownKept}");
}

/// <summary>Distances between 128-d face descriptors: Euclidean, the metric the recognition network was trained for.</summary>
public static class FaceDistance
{
    public static float Between(float[] a, float[] b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++) sum += (a[k] - b[k]) * (double)(a[k] - b[k]);
        return (float)Math.Sqrt(sum);
    }
}

/// <summary>
/// Leave-persons-out on the training faces: each person in turn plays a stranger (each of their faces against the
/// other people's faces), and every face whose person cross-validation named right plays a known face (its distance
/// to the nearest other face of a named person, as a new photo of that person would be measured). Faces of a class of
/// many people (<see cref="RestClasses"/>) are the strangers a new face of "everyone else" would be.
/// </summary>
public sealed class LeavePersonsOut
{
    readonly List<float> _known = [];
    readonly List<float> _strangers = [];

    /// <param name="named">Per face: whether cross-validation named its person right; faces named wrong would be
    /// wrong anyway, so turning them away costs nothing and they do not count as known.</param>
    /// <param name="rest">Classes of many people: distances are measured to the named people's faces only.</param>
    public LeavePersonsOut(IReadOnlyList<float[]> descriptors, IReadOnlyList<long> labels, IReadOnlyList<bool> named,
        IReadOnlyCollection<int>? rest = null)
    {
        rest ??= [];
        for (int i = 0; i < descriptors.Count; i++)
        {
            bool isRest = rest.Contains((int)labels[i]);
            float own = float.PositiveInfinity, nearest = float.PositiveInfinity, other = float.PositiveInfinity;
            for (int j = 0; j < descriptors.Count; j++)
            {
                if (j == i || rest.Contains((int)labels[j])) continue;
                float d = FaceDistance.Between(descriptors[i], descriptors[j]);
                nearest = Math.Min(nearest, d);
                if (labels[j] == labels[i]) own = Math.Min(own, d);
                else other = Math.Min(other, d);
            }
            if (!isRest && named[i] && float.IsFinite(own)) _known.Add(nearest);
            if (float.IsFinite(other)) _strangers.Add(other);
        }
    }

    public bool CanCalibrate => _known.Count > 0 && _strangers.Count > 0;

    /// <summary>How <paramref name="distance"/> does: strangers beyond it, known faces within it.</summary>
    public UnknownCalibration At(float distance) =>
        new(distance, new Proportion(_strangers.Count(d => d > distance), _strangers.Count),
            new Proportion(_known.Count(d => d <= distance), _known.Count));

    /// <summary>
    /// The distance minimising <paramref name="knownCost"/> × (share of known faces beyond it) + (share of strangers
    /// within it), or <see cref="UnknownCalibration.Never"/> when there is nobody to play a stranger or a known face.
    /// Of the span of distances with the lowest cost, its middle.
    /// </summary>
    public UnknownCalibration Choose(double knownCost = UnknownCalibration.KnownCost)
    {
        if (!CanCalibrate) return UnknownCalibration.Never;
        var values = _known.Concat(_strangers).Distinct().Order().ToList();
        double Cost(float t) => knownCost * _known.Count(d => d > t) / _known.Count + _strangers.Count(d => d <= t) / (double)_strangers.Count;
        int best = 0;
        double bestCost = Cost(values[0]);
        for (int k = 1; k < values.Count; k++)
        {
            double cost = Cost(values[k]);
            if (cost < bestCost) (best, bestCost) = (k, cost);
        }
        int end = best;
        while (end + 1 < values.Count && Cost(values[end + 1]) == bestCost) end++;
        if (end + 1 == values.Count) return At(values[end]);
        // Any threshold from values[best] up to just below values[end + 1] costs the same.
        return At((values[best] + values[end + 1]) / 2);
    }
}
