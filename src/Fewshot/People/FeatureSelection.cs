using Fewshot.Evaluation;

namespace Fewshot.People;

/// <summary>
/// One candidate (a kind of features with one head penalty) scored by repeated cross-validation on the training
/// photos: for each photo, the share of repeats in which its held-out prediction was right.
/// </summary>
public sealed record CandidateScore(PeopleFeatures Kind, double? Penalty, IReadOnlyList<double> PhotoScores)
{
    /// <summary>The training photos scored (indices into <see cref="PeopleData.Train"/>), in the order of <see cref="PhotoScores"/>.</summary>
    public IReadOnlyList<int> Photos { get; init; } = [];

    public double Accuracy => PhotoScores.Count == 0 ? double.NaN : PhotoScores.Average();

    /// <summary>The accuracy as photos right out of photos scored, for its interval.</summary>
    public Proportion Proportion => new((int)Math.Round(PhotoScores.Sum()), PhotoScores.Count);
}

/// <summary>
/// How the features (and the logistic head's penalty) were chosen: each kind's best-scoring candidate under the rule,
/// the simplest kind first, and the kind chosen.
/// </summary>
public sealed record FeatureChoice(PeopleFeatures Chosen, IReadOnlyList<CandidateScore> Kinds)
{
    public int Folds { get; init; }
    public int Repeats { get; init; }
    /// <summary>How many standard errors of the paired difference a more complex candidate must win by.</summary>
    public double StandardErrors { get; init; } = 1;

    public CandidateScore Score(PeopleFeatures kind) => Kinds.First(k => k.Kind == kind);

    /// <summary>The logistic head's L2 penalty (null for the one-cycle head).</summary>
    public double? Penalty => Score(Chosen).Penalty;

    /// <summary>Cross-validated accuracy of each kind, with the penalty chosen for it.</summary>
    public IReadOnlyDictionary<PeopleFeatures, Proportion> CrossValidated => Kinds.ToDictionary(k => k.Kind, k => k.Proportion);

    /// <summary>Best penalty per kind (logistic head only).</summary>
    public IReadOnlyDictionary<PeopleFeatures, double> Penalties =>
        Kinds.Where(k => k.Penalty is not null).ToDictionary(k => k.Kind, k => k.Penalty!.Value);

    /// <summary><paramref name="kind"/>'s advantage over the simplest kind, paired on the same photos.</summary>
    public PairedDifference MarginOverSimplest(PeopleFeatures kind) => PairedDifference.Of(Score(kind).PhotoScores, Kinds[0].PhotoScores);
}

/// <summary>
/// Picks face, scene or both features (and the logistic head's penalty) on the training photos alone, on evidence:
/// repeated stratified k-fold cross-validation (the same folds for every candidate; a head trained on every view of
/// the other folds' photos and scored on the plain view of the held-out ones), then the one-standard-error rule on
/// the paired per-photo differences (<see cref="OneStandardErrorRule"/>): within each kind the largest penalty within
/// the noise of the best, then the simplest kind (face, scene, both) within the noise of the best. A more complex
/// choice must win by more than the noise of a few dozen photos (bench/README.md, "Choosing the features").
/// A held-out photo is scored as a validation photo would be: its face is picked among its large faces by
/// <see cref="PeopleOptions.FaceChoice"/> with the fold's head, not the one that matched its label.
/// </summary>
public static class FeatureSelection
{
    public static readonly PeopleFeatures[] Candidates = [PeopleFeatures.Face, PeopleFeatures.Scene, PeopleFeatures.Both];

    public static FeatureChoice Choose(PeopleData data, PeopleOptions options, IEnumerable<PeopleFeatures>? kinds = null,
        CancellationToken cancel = default) =>
        Choose(Score(data, options, kinds, cancel), options.StandardErrors) with { Folds = options.Folds, Repeats = options.Repeats };

    /// <summary>
    /// The rule on scored candidates (<see cref="Score"/>'s order): within each kind the simplest penalty within
    /// <paramref name="standardErrors"/> of the best, then the simplest kind within that of the best kind.
    /// </summary>
    public static FeatureChoice Choose(IReadOnlyList<CandidateScore> scores, double standardErrors)
    {
        var perKind = scores.GroupBy(s => s.Kind)
            .Select(g => g.ElementAt(OneStandardErrorRule.Choose(g.Select(s => s.PhotoScores).ToList(), standardErrors)))
            .ToList();
        var chosen = perKind[OneStandardErrorRule.Choose(perKind.Select(s => s.PhotoScores).ToList(), standardErrors)];
        return new FeatureChoice(chosen.Kind, perKind) { StandardErrors = standardErrors };
    }

    /// <summary>
    /// Every candidate's per-photo scores: the kinds in the order given (simplest first), and within each kind the
    /// penalties from the largest (the simplest head) down.
    /// </summary>
    public static IReadOnlyList<CandidateScore> Score(PeopleData data, PeopleOptions options, IEnumerable<PeopleFeatures>? kinds = null,
        CancellationToken cancel = default)
    {
        Runtime.NativeRuntime.EnsureLoaded();
        var candidates = (kinds ?? Candidates).ToList();
        // Under "exclude" every kind is scored on the photos with a face, so the scores compare like with like.
        var eligible = Enumerable.Range(0, data.Train.Count)
            .Where(i => candidates.All(k => FeatureRows.Eligible(data.Train[i], k, options.NoFace))).ToList();
        var labels = eligible.Select(i => data.Train[i].Label).ToList();
        var folds = new RepeatedFolds(labels, options.Folds, options.Repeats, r => options.Seed + r);
        var penalties = options.Classifier == PeopleClassifier.Logistic
            ? options.Penalties.OrderByDescending(p => p).Select(p => (double?)p).ToList()
            : [null];
        var scores = new List<CandidateScore>();
        foreach (var kind in candidates)
        {
            var right = penalties.Select(_ => new double[eligible.Count]).ToList();
            foreach (var split in folds.Splits())
            {
                var rest = split.Train.Select(k => eligible[k]).ToList();
                var heldOut = split.HeldOut.Select(k => eligible[k]).ToList();
                for (int p = 0; p < penalties.Count; p++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var correct = ScoreFold(data, options, rest, heldOut, kind, penalties[p], options.Seed + split.Fold, cancel);
                    for (int h = 0; h < split.HeldOut.Count; h++)
                        if (correct[h]) right[p][split.HeldOut[h]] += 1.0 / folds.Repeats;
                }
            }
            scores.AddRange(penalties.Select((penalty, p) => new CandidateScore(kind, penalty, right[p]) { Photos = eligible }));
        }
        return scores;
    }

    /// <summary>Whether each held-out photo is named right by a head trained on <paramref name="rest"/>.</summary>
    static bool[] ScoreFold(PeopleData data, PeopleOptions options, List<int> rest, List<int> heldOut, PeopleFeatures kind,
        double? penalty, int seed, CancellationToken cancel)
    {
        var train = FeatureRows.Build(data.Train, rest, kind, options.Views);
        using var head = HeadTrainer.NewHead(train.Dimension, data.Classes.Count, seed);
        HeadTrainer.Fit(head, train, data.Classes.Count, options, penalty, cancel: cancel);
        var gallery = rest.Where(i => data.Train[i].FaceFound).Select(i => data.Train[i].Face!.Descriptors[0]).ToList();
        var asValid = data.Train.ToArray();
        foreach (var i in heldOut)
            if (asValid[i].Face is { } face)
                asValid[i] = asValid[i] with
                {
                    Face = FacePicking.Choose(face, options.FaceChoice, d => FacePicking.NearestDistance(gallery, d), head, kind, asValid[i].Scene?[0]),
                };
        var test = FeatureRows.Build(asValid, heldOut, kind, 1);
        var report = test.Evaluate(head, data.Train.Select(p => p.Path).ToList(), data.Classes.Count);
        return report.Predictions.Select(r => r.Actual == r.Predicted).ToArray();
    }
}
