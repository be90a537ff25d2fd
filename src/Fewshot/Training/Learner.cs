using System.Diagnostics;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Models;
using Fewshot.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>
/// Data, a model and the training loop: fastai's Learner. Starts frozen (only the head and, by default,
/// the body's batch-norm layers train); <see cref="Unfreeze"/> trains everything.
/// </summary>
public sealed class Learner : IDisposable
{
    int _stage;

    public ImageData Data { get; }
    public ImageClassifier Model { get; }
    public BackboneInfo Backbone { get; }
    public LearnerOptions Options { get; }
    public bool IsFrozen { get; private set; }
    /// <summary>Every epoch trained so far, over all stages.</summary>
    public List<EpochResult> History { get; } = [];

    public event Action<EpochResult>? EpochEnded;
    public event Action<BatchProgress>? BatchEnded;
    /// <summary>Raised after each optimiser step with the learning rates and β1 the optimiser used.</summary>
    public event Action<StepRecord>? Stepped;

    public Learner(ImageData data, BackboneInfo backbone, LearnerOptions? options = null)
    {
        NativeRuntime.EnsureLoaded();
        Data = data;
        Backbone = backbone;
        Options = options ?? new LearnerOptions();
        torch.manual_seed(Options.Seed);
        Model = new ImageClassifier(backbone.Create(), data.ClassCount);
        Freeze();
    }

    /// <summary>fastai's <c>cnn_learner(data, arch)</c>: the default backbone unless one is named.</summary>
    public static Learner Create(ImageData data, BackboneInfo? backbone = null, LearnerOptions? options = null) =>
        new(data, backbone ?? BackboneRegistry.Default, options);

    public void Freeze()
    {
        foreach (var p in Model.body.parameters()) p.requires_grad = false;
        if (Options.BatchNorm == BatchNormMode.Train)
            foreach (var bn in Model.BodyBatchNorms)
                foreach (var p in bn.parameters()) p.requires_grad = true;
        foreach (var p in Model.head.parameters()) p.requires_grad = true;
        IsFrozen = true;
    }

    public void Unfreeze()
    {
        foreach (var p in Model.parameters()) p.requires_grad = true;
        IsFrozen = false;
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> with the one-cycle policy. <paramref name="learningRates"/> are the
    /// peak rates (default 3e-3 for every group); a slice spreads them over the layer groups.
    /// </summary>
    public StageResult FitOneCycle(int epochs, LearningRates? learningRates = null, CancellationToken cancel = default)
    {
        if (epochs <= 0) return new StageResult(++_stage, [], TimeSpan.Zero, false);
        var stage = ++_stage;
        var groups = Model.LayerGroups;
        var peaks = (learningRates ?? LearningRates.Constant(3e-3)).ForGroups(groups.Count);
        var schedule = new OneCycleSchedule(epochs * Data.TrainBatchCount, Options.PctStart, Options.DivFactor, Options.FinalDiv);
        using var optimizer = CreateOptimizer(groups, peaks, schedule);
        var results = new List<EpochResult>();
        var stageClock = Stopwatch.StartNew();
        int step = 0;
        bool cancelled = false;

        for (int epoch = 0; epoch < epochs && !cancelled; epoch++)
        {
            var clock = Stopwatch.StartNew();
            SetTrainingMode();
            double lossSum = 0;
            int seen = 0, batchIndex = 0;
            foreach (var batch in Data.TrainBatches(History.Count, cancel))
            {
                ApplySchedule(optimizer, peaks, schedule, step);
                double loss = TrainStep(optimizer, batch);
                if (!double.IsFinite(loss))
                    throw new FewshotException($"The training loss became {loss} at epoch {epoch + 1}, batch {batchIndex + 1}. " +
                                               "The learning rate is probably too high: try a lower --lr (e.g. a tenth).");
                Stepped?.Invoke(ReadOptimizer(optimizer, step));
                lossSum += loss * batch.Count;
                seen += batch.Count;
                step++;
                BatchEnded?.Invoke(new BatchProgress(epoch, ++batchIndex, Data.TrainBatchCount, loss));
                if (cancel.IsCancellationRequested) { cancelled = true; break; }
            }
            var validation = Validate();
            var result = new EpochResult(stage, epoch + 1, epochs, seen > 0 ? lossSum / seen : double.NaN,
                validation.Loss, validation.Accuracy, clock.Elapsed);
            results.Add(result);
            History.Add(result);
            EpochEnded?.Invoke(result);
        }
        return new StageResult(stage, results, stageClock.Elapsed, cancelled);
    }

    void SetTrainingMode()
    {
        Model.train();
        if (IsFrozen && Options.BatchNorm == BatchNormMode.Frozen)
            foreach (var bn in Model.BodyBatchNorms) bn.eval();
    }

    double TrainStep(AdamW optimizer, Batch batch)
    {
        using var scope = NewDisposeScope();
        var input = tensor(batch.Pixels).reshape(batch.Count, 3, batch.Size, batch.Size);
        var target = tensor(batch.Labels);
        var output = Model.call(input);
        var loss = nn.functional.cross_entropy(output, target);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    AdamW CreateOptimizer(IReadOnlyList<IReadOnlyList<Parameter>> groups, double[] peaks, OneCycleSchedule schedule)
    {
        var paramGroups = groups.Select((g, i) => new AdamW.ParamGroup(g, new AdamW.Options
        {
            LearningRate = peaks[i] * schedule.LearningRateFactor(0),
            beta1 = schedule.Momentum(0),
            beta2 = Options.Beta2,
            eps = Options.Eps,
            weight_decay = Options.WeightDecay,
        }));
        return optim.AdamW(paramGroups, peaks[^1], schedule.Momentum(0), Options.Beta2, Options.Eps, Options.WeightDecay);
    }

    static void ApplySchedule(AdamW optimizer, double[] peaks, OneCycleSchedule schedule, int step)
    {
        int i = 0;
        foreach (var group in optimizer.ParamGroups.Cast<ParamGroup>())
        {
            var options = (AdamW.Options)group.Options;
            options.LearningRate = peaks[i++] * schedule.LearningRateFactor(step);
            options.beta1 = schedule.Momentum(step);
        }
    }

    static StepRecord ReadOptimizer(AdamW optimizer, int step)
    {
        var options = optimizer.ParamGroups.Cast<ParamGroup>().Select(g => (AdamW.Options)g.Options).ToList();
        return new StepRecord(step, options.Select(o => o.LearningRate!.Value).ToList(), options.Select(o => o.beta1!.Value).ToList());
    }

    /// <summary>Loss, accuracy and per-photo probabilities on the validation set.</summary>
    public ValidationReport Validate()
    {
        Model.eval();
        using var _ = no_grad();
        double lossSum = 0;
        int correct = 0;
        var records = new List<PredictionRecord>();
        foreach (var batch in Data.ValidBatches())
        {
            using var scope = NewDisposeScope();
            var input = tensor(batch.Pixels).reshape(batch.Count, 3, batch.Size, batch.Size);
            var target = tensor(batch.Labels);
            var output = Model.call(input);
            lossSum += nn.functional.cross_entropy(output, target, reduction: nn.Reduction.Sum).item<float>();
            var probabilities = nn.functional.softmax(output, 1).data<float>().ToArray();
            int n = Data.ClassCount;
            for (int k = 0; k < batch.Count; k++)
            {
                var p = probabilities.AsSpan(k * n, n).ToArray();
                int predicted = ArgMax(p);
                if (predicted == batch.Labels[k]) correct++;
                records.Add(new PredictionRecord(Data.Valid[batch.ItemIndices[k]].Path, (int)batch.Labels[k], predicted, p));
            }
        }
        int total = Data.Valid.Count;
        return new ValidationReport(total > 0 ? lossSum / total : double.NaN, new Proportion(correct, total), records);
    }

    /// <summary>Class probabilities for preprocessed inputs (N×3×S×S floats).</summary>
    public float[] PredictProbabilities(float[] pixels, int count)
    {
        Model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(pixels).reshape(count, 3, Data.Options.Size, Data.Options.Size);
        return nn.functional.softmax(Model.call(input), 1).data<float>().ToArray();
    }

    static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    public void Dispose() => Model.Dispose();
}

/// <summary>Validation loss, accuracy with its counts, and every photo's prediction.</summary>
public sealed record ValidationReport(double Loss, Proportion Accuracy, IReadOnlyList<PredictionRecord> Predictions);
