namespace Fewshot.People;

/// <summary>
/// Classes that hold many different people ("everyone else", "others"): their faces do not form one group of one
/// person. A face far from every named person belongs to such a class rather than being "unknown". Found by single
/// linkage: faces within <see cref="SamePerson"/> of each other are joined, and a class whose largest group holds less
/// than <see cref="LargestGroupShare"/> of its faces is a class of many people (bench/README.md, "One person against
/// everyone else": one person's largest group held 64–100% of their training faces, an "others" class of nine people
/// 17–25%).
/// </summary>
public static class RestClasses
{
    public const double LargestGroupShare = 0.5;

    /// <summary>
    /// Faces this close are taken for one person when grouping: inside the recognition network's usual 0.6 (dlib's
    /// same-person threshold), so that a chain of lookalikes does not join different people into one group.
    /// </summary>
    public const float SamePerson = 0.5f;

    /// <summary>The classes of many people, never all of them (with no named person the model names classes as before).</summary>
    public static IReadOnlyList<int> Find(IReadOnlyList<float[]> descriptors, IReadOnlyList<long> labels, int classCount)
    {
        var rest = new List<int>();
        for (int c = 0; c < classCount; c++)
        {
            var faces = Enumerable.Range(0, descriptors.Count).Where(i => labels[i] == c).Select(i => descriptors[i]).ToList();
            if (faces.Count >= 3 && LargestGroup(faces, SamePerson) < LargestGroupShare * faces.Count) rest.Add(c);
        }
        return rest.Count == classCount ? [] : rest;
    }

    /// <summary>The size of the largest group of faces joined by distances at most <paramref name="distance"/>.</summary>
    public static int LargestGroup(IReadOnlyList<float[]> faces, float distance)
    {
        var parent = Enumerable.Range(0, faces.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        for (int i = 0; i < faces.Count; i++)
            for (int j = i + 1; j < faces.Count; j++)
                if (FaceDistance.Between(faces[i], faces[j]) <= distance) parent[Root(i)] = Root(j);
        return Enumerable.Range(0, faces.Count).GroupBy(Root).Max(g => g.Count());
    }
}
