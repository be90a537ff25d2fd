using Fewshot.Evaluation;

namespace Fewshot.People;

/// <summary>
/// Cross-validated accuracy of each kind of features on the training photos (with the best penalty of the
/// logistic head for that kind), the kind chosen and, for the logistic head, the penalty chosen with it.
/// </summary>
public sealed record FeatureChoice(PeopleFeatures Chosen, IReadOnlyDictionary<PeopleFeatures, Proportion> CrossValidated)
{
    /// <summary>The logistic head's L2 penalty (null for the one-cycle head).</summary>
    public double? Penalty { get; init; }
    /// <summary>Best penalty per kind (logistic head only).</summary>
    public IReadOnlyDictionary<PeopleFeatures, double> Penalties { get; init; } = new Dictionary<PeopleFeatures, double>();
}

/// <summary>
/// Picks face, scene or both features (and the logistic head's penalty) on the training data alone: stratified
/// k-fold cross-validation, a head trained on every view of the other folds' photos and scored on the plain view
/// of the held-out ones. A held-out photo is scored as a validation photo would be: its face is picked among its
/// large faces by <see cref="PeopleOptions.FaceChoice"/> with the fold's head, not the one that matched its label.
/// All kinds are scored on the same photos; ties go to the simpler features (face, then scene, then both) and,
/// within a kind, to the larger penalty.
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
        var penalties = options.Classifier == PeopleClassifier.Logistic
            ? options.Penalties.OrderByDescending(p => p).Select(p => (double?)p).ToList()
            : [null];
        var scores = new Dictionary<PeopleFeatures, Proportion>();
        var bestPenalty = new Dictionary<PeopleFeatures, double>();
        foreach (var kind in candidates)
            foreach (var penalty in penalties)
            {
                var score = CrossValidate(data, options, eligible, folds, kind, penalty, cancel);
                if (scores.TryGetValue(kind, out var best) && best.Successes >= score.Successes) continue;
                scores[kind] = score;
                if (penalty is { } p) bestPenalty[kind] = p;
            }
        var chosen = candidates.OrderByDescending(k => scores[k].Successes).ThenBy(k => candidates.IndexOf(k)).First();
        return new FeatureChoice(chosen, scores)
        {
            Penalty = bestPenalty.TryGetValue(chosen, out var lambda) ? lambda : null,
            Penalties = bestPenalty,
        };
    }

    static Proportion CrossValidate(PeopleData data, PeopleOptions options, List<int> eligible, Dictionary<int, int> folds,
        PeopleFeatures kind, double? penalty, CancellationToken cancel)
    {
        int correct = 0, total = 0;
        for (int fold = 0; fold < options.Folds; fold++)
        {
            var heldOut = eligible.Where(i => folds[i] == fold).ToList();
            var rest = eligible.Where(i => folds[i] != fold).ToList();
            if (heldOut.Count == 0 || rest.Count < 2) continue;
            var train = FeatureRows.Build(data.Train, rest, kind, options.Views);
            using var head = HeadTrainer.NewHead(train.Dimension, data.Classes.Count, options.Seed + fold);
            HeadTrainer.Fit(head, train, data.Classes.Count, options, penalty, cancel: cancel);
            var gallery = rest.Where(i => data.Train[i].FaceFound).Select(i => data.Train[i].Face!.Descriptors[0]).ToList();
            var asValid = data.Train.Select((photo, i) => !folds.TryGetValue(i, out var f) || f != fold || photo.Face is not { } face ? photo
                : photo with
                {
                    Face = FacePicking.Choose(face, options.FaceChoice, d => FacePicking.NearestDistance(gallery, d), head, kind, photo.Scene?[0]),
                }).ToList();
            var test = FeatureRows.Build(asValid, heldOut, kind, 1);
            var report = test.Evaluate(head, data.Train.Select(p => p.Path).ToList(), data.Classes.Count);
            correct += report.Accuracy.Successes;
            total += report.Accuracy.Total;
        }
        return new Proportion(correct, total);
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
