namespace Fewshot.Faces;

/// <summary>Greedy non-maximum suppression as face-api does it.</summary>
public static class NonMaxSuppression
{
    /// <summary>
    /// Keeps the best box, drops every remaining box overlapping it by more than the IoU threshold,
    /// repeats. Among equal scores the later box wins, as in face-api's stable sort and pop.
    /// </summary>
    public static List<FaceBox> Apply(IReadOnlyList<FaceBox> boxes, float iouThreshold)
    {
        var remaining = Enumerable.Range(0, boxes.Count)
            .OrderByDescending(i => boxes[i].Score).ThenByDescending(i => i)
            .ToList();
        var kept = new List<FaceBox>();
        while (remaining.Count > 0)
        {
            var best = boxes[remaining[0]];
            kept.Add(best);
            remaining = remaining.Skip(1)
                .Where(i => best.IntersectionOverUnion(boxes[i]) <= iouThreshold)
                .ToList();
        }
        return kept;
    }
}
