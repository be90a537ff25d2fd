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
    /// Sweeps <paramref name="parameters"/> of <paramref name="model"/> with AdamW on the batches of successive epochs, on
    /// the training loop every learner uses (the sweep is a hook on it, as in fastai).
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
        var sweep = new Sweeper(options);
        var plan = new FitPlan(1, int.MaxValue, 0, [parameters], epochBatches, model, () => model.train());
        TrainingLoop.Fit(plan, learner, [sweep, new Interruption(cancel)]);
        if (sweep.Rates.Count < 5) throw new FewshotException("The learning-rate sweep ran fewer than 5 steps: there are too few training photos for a batch.");
        var (valley, steepest) = Suggest(sweep.Rates, sweep.Smoothed);
        return new LrFinderResult(sweep.Rates, sweep.Losses, sweep.Smoothed, valley, steepest, sweep.Diverged);
    }

    /// <summary>
    /// fastai's LRFinder callback: before each step the rate grows exponentially from Start to End (β1 stays 0.9); after
    /// it the loss is recorded and smoothed, and the sweep stops after its steps or once the loss explodes.
    /// </summary>
    sealed class Sweeper(LrFinderOptions options) : TrainingHook
    {
        double _average, _best = double.PositiveInfinity;

        public List<double> Rates { get; } = [];
        public List<double> Losses { get; } = [];
        public List<double> Smoothed { get; } = [];
        public bool Diverged { get; private set; }

        double Rate => options.Start * Math.Pow(options.End / options.Start, Rates.Count / (options.Steps - 1.0));

        public override void BeforeStep(TrainingRun run)
        {
            foreach (var group in run.Optimizer.ParamGroups)
            {
                group.LearningRate = Rate;
                ((AdamW.Options)((ParamGroup)group).Options).beta1 = 0.9;
            }
        }

        public override void AfterStep(TrainingRun run, TrainingBatch batch, double loss)
        {
            if (!double.IsFinite(loss))
            {
                Stop(run);
                return;
            }
            double rate = Rate;
            _average = options.Smoothing * _average + (1 - options.Smoothing) * loss;
            double debiased = _average / (1 - Math.Pow(options.Smoothing, Rates.Count + 1));
            Rates.Add(rate);
            Losses.Add(loss);
            Smoothed.Add(debiased);
            _best = Math.Min(_best, debiased);
            if (Rates.Count > options.Steps / 10 && debiased > options.DivergeFactor * _best) Stop(run);
            else if (Rates.Count >= options.Steps) run.Stop();
        }

        // An epoch without a batch: there is nothing more to sweep.
        public override void AfterBatches(TrainingRun run)
        {
            if (run.Batch == 0) run.Stop();
        }

        void Stop(TrainingRun run)
        {
            Diverged = true;
            run.Stop();
        }
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
        using var model = new ClassifierNetwork(backbone.Create(), data.ClassCount);
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
