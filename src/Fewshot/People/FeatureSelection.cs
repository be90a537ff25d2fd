using Fewshot.Evaluation;

namespace Fewshot.People;

/// <summary>Cross-validated accuracy of each kind of features on the training photos, and the one chosen.</summary>
public sealed record FeatureChoice(PeopleFeatures Chosen, IReadOnlyDictionary<PeopleFeatures, Proportion> CrossValidated);

/// <summary>
/// Picks face, scene or both features on the training data alone: stratified k-fold cross-validation, a head
/// trained on every view of the other folds' photos and scored on the plain view of the held-out ones.
/// All kinds are scored on the same photos; ties go to the simpler features (face, then scene, then both).
/// </summary>
public static class FeatureSelection
{
    public static readonly PeopleFeatures[] Candidates = [PeopleFeatures.Face, PeopleFeatures.Scene, PeopleFeatures.Both];

    public static FeatureChoice Choose(PeopleData data, PeopleOptions options, IEnumerable<PeopleFeatures>? kinds = null,
        CancellationToken cancel = default)
    {
        var candidates = (kinds ?? Candidates).ToList();
        // Under "exclude" every kind is scored on the photos with a face, so the scores compare like with like.
        var eligible = Enumerable.Range(0, data.Train.Count)
            .Where(i => candidates.All(k => FeatureRows.Eligible(data.Train[i], k, options.NoFace))).ToList();
        var folds = AssignFolds(data.Train, eligible, options.Folds, options.Seed);
        var scores = new Dictionary<PeopleFeatures, Proportion>();
        foreach (var kind in candidates)
        {
            int correct = 0, total = 0;
            for (int fold = 0; fold < options.Folds; fold++)
            {
                var heldOut = eligible.Where(i => folds[i] == fold).ToList();
                var rest = eligible.Where(i => folds[i] != fold).ToList();
                if (heldOut.Count == 0 || rest.Count < 2) continue;
                var train = FeatureRows.Build(data.Train, rest, kind, options.Views);
                var test = FeatureRows.Build(data.Train, heldOut, kind, 1);
                using var head = HeadTrainer.NewHead(train.Dimension, data.Classes.Count, options.Seed + fold);
                HeadTrainer.Train(head, train, options, cancel: cancel);
                var paths = data.Train.Select(p => p.Path).ToList();
                var report = test.Evaluate(head, paths, data.Classes.Count);
                correct += report.Accuracy.Successes;
                total += report.Accuracy.Total;
            }
            scores[kind] = new Proportion(correct, total);
        }
        var chosen = candidates.OrderByDescending(k => scores[k].Successes).ThenBy(k => candidates.IndexOf(k)).First();
        return new FeatureChoice(chosen, scores);
    }

    static Dictionary<int, int> AssignFolds(IReadOnlyList<PersonPhoto> photos, List<int> eligible, int folds, int seed)
    {
        var random = new Random(seed);
        var assignment = new Dictionary<int, int>();
        int offset = 0;
        foreach (var group in eligible.GroupBy(i => photos[i].Label).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            for (int k = 0; k < members.Length; k++) assignment[members[k]] = (offset + k) % folds;
            offset += members.Length;
        }
        return assignment;
    }
}
