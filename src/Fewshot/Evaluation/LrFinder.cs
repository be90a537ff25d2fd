using Fewshot.Data;
using Fewshot.Models;
using Fewshot.Runtime;
using Fewshot.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Evaluation;

public sealed record LrFinderOptions
{
    public double Start { get; init; } = 1e-7;
    public double End { get; init; } = 10;
    /// <summary>Steps of the exponential sweep (fewer if the loss diverges first).</summary>
    public int Steps { get; init; } = 100;
    /// <summary>Exponential moving-average factor of the smoothed loss (fastai's 0.98).</summary>
    public double Smoothing { get; init; } = 0.98;
    /// <summary>The sweep stops once the smoothed loss exceeds this multiple of its minimum.</summary>
    public double DivergeFactor { get; init; } = 4;
}

/// <summary>
/// The learning rates tried, the loss at each and its smoothed curve, and two suggestions:
/// <see cref="Valley"/> (fastai's default: two-thirds down the longest stretch of falling loss) and
/// <see cref="Steepest"/> (where the smoothed loss falls fastest against log learning rate).
/// </summary>
public sealed record LrFinderResult(IReadOnlyList<double> Rates, IReadOnlyList<double> Losses, IReadOnlyList<double> Smoothed,
    double Valley, double Steepest, bool Diverged)
{
    /// <summary>The suggestion Fewshot uses: the valley point.</summary>
    public double Suggested => Valley;
    public const string Rule = "valley";
}

/// <summary>
/// fastai's learning-rate finder: train from a tiny learning rate, multiplying it every step, until the loss
/// explodes; the useful rates are where the loss falls fastest, well before the explosion.
/// </summary>
public static class LrFinder
{
    /// <summary>
    /// Sweeps <paramref name="parameters"/> of <paramref name="model"/> with AdamW on the batches of successive epochs.
    /// The model's weights are changed: sweep a copy (or reload them afterwards).
    /// </summary>
    public static LrFinderResult Sweep(nn.Module<Tensor, Tensor> model, IReadOnlyList<Parameter> parameters,
        Func<int, IEnumerable<TrainingBatch>> epochBatches, LearnerOptions learner, LrFinderOptions? options = null,
        CancellationToken cancel = default)
    {
        options ??= new LrFinderOptions();
        if (!(options.Start > 0 && options.End > options.Start) || options.Steps < 10)
            throw new ArgumentException("the sweep needs 0 < Start < End and at least 10 steps", nameof(options));
        NativeRuntime.EnsureLoaded();
        using var optimizer = optim.AdamW(parameters, options.Start, 0.9, learner.Beta2, learner.Eps, learner.WeightDecay);
        var rates = new List<double>();
        var losses = new List<double>();
        var smoothed = new List<double>();
        double average = 0, best = double.PositiveInfinity;
        bool diverged = false;
        model.train();
        for (int epoch = 0; rates.Count < options.Steps && !diverged; epoch++)
        {
            bool any = false;
            foreach (var batch in epochBatches(epoch))
            {
                any = true;
                if (rates.Count >= options.Steps || cancel.IsCancellationRequested) break;
                double rate = options.Start * Math.Pow(options.End / options.Start, rates.Count / (options.Steps - 1.0));
                foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
                double loss;
                using (var scope = NewDisposeScope())
                {
                    var output = model.call(tensor(batch.Inputs).reshape(batch.Shape));
                    var value = nn.functional.cross_entropy(output, tensor(batch.Labels));
                    optimizer.zero_grad();
                    value.backward();
                    optimizer.step();
                    loss = value.item<float>();
                }
                if (!double.IsFinite(loss)) { diverged = true; break; }
                average = options.Smoothing * average + (1 - options.Smoothing) * loss;
                double debiased = average / (1 - Math.Pow(options.Smoothing, rates.Count + 1));
                rates.Add(rate);
                losses.Add(loss);
                smoothed.Add(debiased);
                best = Math.Min(best, debiased);
                if (rates.Count > options.Steps / 10 && debiased > options.DivergeFactor * best) { diverged = true; break; }
            }
            if (!any || cancel.IsCancellationRequested) break;
        }
        if (rates.Count < 5) throw new FewshotException("The learning-rate sweep ran fewer than 5 steps: there are too few training photos for a batch.");
        var (valley, steepest) = Suggest(rates, smoothed);
        return new LrFinderResult(rates, losses, smoothed, valley, steepest, diverged);
    }

    /// <summary>
    /// The sweep for the frozen stage, on a fresh copy of the model (the caller's learner is untouched): the head trained
    /// on cached body features of two augmented views of each training photo, so it costs two passes over the photos.
    /// </summary>
    public static LrFinderResult ForFrozenStage(ImageData data, BackboneInfo backbone, LearnerOptions? learner = null,
        LrFinderOptions? options = null, Action<int, int>? featureProgress = null, CancellationToken cancel = default)
    {
        learner ??= new LearnerOptions();
        NativeRuntime.EnsureLoaded();
        manual_seed(learner.Seed);
        using var model = new ImageClassifier(backbone.Create(), data.ClassCount);
        var features = FeatureCache.Compute(model, data, views: 2, learner.Seed, featureProgress, cancel)
            ?? throw new OperationCanceledException(cancel);
        int batchSize = data.Options.BatchSize;
        return Sweep(model.head, model.head.parameters().ToList(),
            epoch => features.TrainView(epoch).ShuffledBatches(batchSize, learner.Seed, epoch), learner, options, cancel);
    }

    /// <summary>Valley and steepest points of the smoothed curve, ignoring the first tenth and the last 5 steps as fastai does.</summary>
    public static (double Valley, double Steepest) Suggest(IReadOnlyList<double> rates, IReadOnlyList<double> smoothed)
    {
        int from = rates.Count / 10, to = Math.Max(from + 2, rates.Count - 5);
        if (to > rates.Count) (from, to) = (0, rates.Count);
        var r = rates.Skip(from).Take(to - from).ToArray();
        var l = smoothed.Skip(from).Take(to - from).ToArray();
        return (r[ValleyIndex(l)], r[SteepestIndex(r, l)]);
    }

    // The longest decreasing subsequence of the loss; the point two-thirds of the way along it.
    static int ValleyIndex(double[] losses)
    {
        int n = losses.Length, maxStart = 0, maxEnd = 0;
        var lengths = Enumerable.Repeat(1, n).ToArray();
        for (int i = 1; i < n; i++)
        {
            for (int j = 0; j < i; j++)
                if (losses[i] < losses[j] && lengths[i] < lengths[j] + 1) lengths[i] = lengths[j] + 1;
            if (lengths[maxEnd] < lengths[i])
            {
                maxEnd = i;
                maxStart = maxEnd - lengths[maxEnd];
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        return Math.Clamp(maxStart + (int)sections + (int)(sections / 2), 0, n - 1);
    }

    // Most negative slope of loss against log learning rate (central differences, one-sided at the ends).
    static int SteepestIndex(double[] rates, double[] losses)
    {
        int best = 0;
        double bestSlope = double.PositiveInfinity;
        for (int i = 0; i < rates.Length; i++)
        {
            int a = Math.Max(0, i - 1), b = Math.Min(rates.Length - 1, i + 1);
            if (a == b) continue;
            double slope = (losses[b] - losses[a]) / (Math.Log10(rates[b]) - Math.Log10(rates[a]));
            if (slope < bestSlope) { bestSlope = slope; best = i; }
        }
        return best;
    }
}
