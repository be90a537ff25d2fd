using System.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>One batch of training inputs: flat floats with their tensor shape, and the labels.</summary>
public sealed record TrainingBatch(float[] Inputs, long[] Shape, long[] Labels)
{
    public int Count => Labels.Length;
}

/// <summary>
/// The one-cycle training loop shared by every learner: AdamW with one parameter group per layer group,
/// learning rate and β1 set before each step from the schedule, a validation pass after each epoch.
/// </summary>
public sealed class OneCycleLoop(LearnerOptions options)
{
    public event Action<EpochResult>? EpochEnded;
    public event Action<BatchProgress>? BatchEnded;
    public event Action<StepRecord>? Stepped;

    /// <param name="batches">The training batches of epoch <c>e</c> (0-based, counted over the learner's life).</param>
    /// <param name="firstEpoch">How many epochs the learner has trained before this stage (keys augmentation).</param>
    /// <param name="startEpoch">Epochs of this stage already done (resuming): the schedule continues from there.</param>
    /// <param name="optimizerState">AdamW's state saved when this stage was interrupted (resuming), or null.</param>
    public StageResult Run(int stage, int epochs, int firstEpoch, int batchesPerEpoch,
        IReadOnlyList<IReadOnlyList<Parameter>> groups, LearningRates learningRates,
        Func<int, IEnumerable<TrainingBatch>> batches, nn.Module<Tensor, Tensor> model, Action setTrainingMode,
        Func<ValidationReport> validate, CancellationToken cancel, int startEpoch = 0,
        Func<AdamW, TrainingBatch, double>? step = null, byte[]? optimizerState = null)
    {
        step ??= (optimizer, batch) => Step(optimizer, model, batch);
        var peaks = learningRates.ForGroups(groups.Count);
        var schedule = new OneCycleSchedule(epochs * batchesPerEpoch, options.PctStart, options.DivFactor, options.FinalDiv);
        using var optimizer = CreateOptimizer(groups, peaks, schedule);
        if (optimizerState is not null) LoadState(optimizer, optimizerState);
        var results = new List<EpochResult>();
        var stageClock = Stopwatch.StartNew();
        int stepIndex = startEpoch * batchesPerEpoch;
        bool cancelled = false;

        for (int epoch = startEpoch; epoch < epochs && !cancelled; epoch++)
        {
            var clock = Stopwatch.StartNew();
            setTrainingMode();
            double lossSum = 0;
            int seen = 0, batchIndex = 0;
            foreach (var batch in batches(firstEpoch + epoch))
            {
                ApplySchedule(optimizer, peaks, schedule, stepIndex);
                double loss = step(optimizer, batch);
                if (!double.IsFinite(loss))
                    throw new FewshotException($"The training loss became {loss} at epoch {epoch + 1}, batch {batchIndex + 1}. " +
                                               "The learning rate is probably too high: try a lower --lr (e.g. a tenth).");
                Stepped?.Invoke(ReadOptimizer(optimizer, stepIndex));
                lossSum += loss * batch.Count;
                seen += batch.Count;
                stepIndex++;
                BatchEnded?.Invoke(new BatchProgress(epoch, ++batchIndex, batchesPerEpoch, loss));
                if (cancel.IsCancellationRequested) { cancelled = true; break; }
            }
            // Stopped (Ctrl-C, SIGTERM; between epochs the batch source yields no batch): the interrupted epoch is neither
            // validated nor reported, so stopping takes one batch, not a validation pass; resuming trains it again.
            if (cancelled |= cancel.IsCancellationRequested) break;
            var validation = validate();
            // A finite last training loss does not prove the weights it stepped to are: NaN weights give a NaN
            // validation loss (an infinite one can be honest: a confident mistake), and must not be saved.
            if (double.IsNaN(validation.Loss) && validation.Accuracy.Total > 0)
                throw new FewshotException($"The weights became NaN at epoch {epoch + 1} (the validation loss is NaN). " +
                                           "The learning rate is probably too high: try a lower --lr (e.g. a tenth).");
            var result = new EpochResult(stage, epoch + 1, epochs, seen > 0 ? lossSum / seen : double.NaN,
                validation.Loss, validation.Accuracy, clock.Elapsed);
            results.Add(result);
            EpochEnded?.Invoke(result);
        }
        return new StageResult(stage, results, stageClock.Elapsed, cancelled) { OptimizerState = cancelled ? SaveState(optimizer) : null };
    }

    static byte[] SaveState(AdamW optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return buffer.ToArray();
    }

    static void LoadState(AdamW optimizer, byte[] state)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new FewshotException("The resume checkpoint's optimiser state does not fit this model (" + e.Message + "). " +
                                       "Delete the checkpoint and train again without --resume.");
        }
    }

    static double Step(AdamW optimizer, nn.Module<Tensor, Tensor> model, TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        var input = tensor(batch.Inputs).reshape(batch.Shape);
        var target = tensor(batch.Labels);
        var loss = nn.functional.cross_entropy(model.call(input), target);
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
            beta2 = options.Beta2,
            eps = options.Eps,
            weight_decay = options.WeightDecay,
        }));
        return optim.AdamW(paramGroups, peaks[^1], schedule.Momentum(0), options.Beta2, options.Eps, options.WeightDecay);
    }

    static void ApplySchedule(AdamW optimizer, double[] peaks, OneCycleSchedule schedule, int step)
    {
        int i = 0;
        foreach (var group in optimizer.ParamGroups.Cast<ParamGroup>())
        {
            var groupOptions = (AdamW.Options)group.Options;
            groupOptions.LearningRate = peaks[i++] * schedule.LearningRateFactor(step);
            groupOptions.beta1 = schedule.Momentum(step);
        }
    }

    static StepRecord ReadOptimizer(AdamW optimizer, int step)
    {
        var all = optimizer.ParamGroups.Cast<ParamGroup>().Select(g => (AdamW.Options)g.Options).ToList();
        return new StepRecord(step, all.Select(o => o.LearningRate!.Value).ToList(), all.Select(o => o.beta1!.Value).ToList());
    }
}
