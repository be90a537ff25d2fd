using System.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>One batch of training inputs: flat floats with their tensor shape, and the labels.</summary>
public sealed record TrainingBatch(float[] Inputs, long[] Shape, long[] Labels)
{
    public int Count => Labels.Length;
}

/// <summary>What one fit trains: the stage's epochs and batches, the layer groups (one optimiser group each) and the model.</summary>
/// <param name="Batches">The training batches of epoch <c>e</c> (0-based, counted over the learner's life).</param>
/// <param name="SetTrainingMode">Puts the model in training mode at the start of each epoch.</param>
public sealed record FitPlan(int Stage, int Epochs, int BatchesPerEpoch, IReadOnlyList<IReadOnlyList<Parameter>> Groups,
    Func<int, IEnumerable<TrainingBatch>> Batches, nn.Module<Tensor, Tensor> Model, Action SetTrainingMode)
{
    /// <summary>The stage's optimiser steps: what its one-cycle schedule spans.</summary>
    public int Steps => Epochs * BatchesPerEpoch;
    /// <summary>How many epochs the learner has trained before this stage (keys augmentation).</summary>
    public int FirstEpoch { get; init; }
    /// <summary>Epochs of this stage already done (resuming): the loop and its schedule continue from there.</summary>
    public int StartEpoch { get; init; }
    /// <summary>Scores the model after each epoch; null: no validation and no epoch results (the learning-rate finder).</summary>
    public Func<ValidationReport>? Validate { get; init; }
    /// <summary>AdamW's state saved when this stage was interrupted (resuming), or null.</summary>
    public byte[]? OptimizerState { get; init; }
}

/// <summary>A fit in progress, as hooks see it and steer it.</summary>
public sealed class TrainingRun(FitPlan plan, AdamW optimizer)
{
    public FitPlan Plan { get; } = plan;
    public AdamW Optimizer { get; } = optimizer;
    /// <summary>The epoch of the stage being trained (0-based).</summary>
    public int Epoch { get; internal set; }
    /// <summary>Batches of this epoch done, the current one included once it is stepped.</summary>
    public int Batch { get; internal set; }
    /// <summary>Steps of this stage before the current one (0-based index of the current step).</summary>
    public int Step { get; internal set; }

    /// <summary>The module a step computes the loss on: the plan's model, or a hook's stand-in (bf16's working copy).</summary>
    public nn.Module<Tensor, Tensor> StepModel { get; set; } = plan.Model;
    /// <summary>The element type the step feeds <see cref="StepModel"/>.</summary>
    public ScalarType StepInputType { get; set; } = ScalarType.Float32;
    /// <summary>Clears the gradients the backward pass accumulates into (the optimiser's weights' by default).</summary>
    public Action ZeroGradients { get; set; } = optimizer.zero_grad;

    public bool Stopped { get; private set; }
    public bool Cancelled { get; private set; }

    /// <summary>Ends the fit after the current step; <paramref name="cancelled"/> marks it interrupted (resumable).</summary>
    public void Stop(bool cancelled = false)
    {
        Stopped = true;
        Cancelled |= cancelled;
    }

    /// <summary>The optimiser's hyper-parameters now: what the schedule set for the current step.</summary>
    public StepRecord Hyperparameters()
    {
        var all = Optimizer.ParamGroups.Cast<ParamGroup>().Select(g => (AdamW.Options)g.Options).ToList();
        return new StepRecord(Step, all.Select(o => o.LearningRate!.Value).ToList(), all.Select(o => o.beta1!.Value).ToList());
    }
}

/// <summary>
/// The training loop every learner shares: AdamW with one parameter group per layer group, one training step, a
/// validation pass after each epoch, and hooks (<see cref="TrainingHook"/>) for everything else.
/// </summary>
public static class TrainingLoop
{
    public static StageResult Fit(FitPlan plan, LearnerOptions options, IReadOnlyList<TrainingHook> hooks)
    {
        if (plan.Epochs <= plan.StartEpoch) return Finish(new StageResult(plan.Stage, [], TimeSpan.Zero, false), hooks);
        using var optimizer = NewOptimizer(plan.Groups, options);
        if (plan.OptimizerState is not null) OptimizerState.Load(optimizer, plan.OptimizerState);
        var run = new TrainingRun(plan, optimizer) { Step = plan.StartEpoch * plan.BatchesPerEpoch };
        var results = new List<EpochResult>();
        var stageClock = Stopwatch.StartNew();
        foreach (var hook in hooks) hook.BeforeFit(run);

        for (run.Epoch = plan.StartEpoch; run.Epoch < plan.Epochs && !run.Stopped; run.Epoch++)
        {
            var clock = Stopwatch.StartNew();
            plan.SetTrainingMode();
            double lossSum = 0;
            int seen = 0;
            run.Batch = 0;
            foreach (var batch in plan.Batches(plan.FirstEpoch + run.Epoch))
            {
                foreach (var hook in hooks) hook.BeforeStep(run);
                double loss = Step(run, batch, hooks);
                run.Batch++;
                foreach (var hook in hooks) hook.AfterStep(run, batch, loss);
                lossSum += loss * batch.Count;
                seen += batch.Count;
                run.Step++;
                if (run.Stopped) break;
            }
            foreach (var hook in hooks) hook.AfterBatches(run);
            // A stopped epoch is neither validated nor reported: stopping takes one batch, not a validation pass, and
            // resuming trains the interrupted epoch again.
            if (run.Stopped || plan.Validate is null) continue;
            var validation = plan.Validate();
            var result = new EpochResult(plan.Stage, run.Epoch + 1, plan.Epochs, seen > 0 ? lossSum / seen : double.NaN,
                validation.Loss, validation.Accuracy, clock.Elapsed);
            foreach (var hook in hooks) hook.AfterEpoch(run, result);
            results.Add(result);
        }
        return Finish(new StageResult(plan.Stage, results, stageClock.Elapsed, run.Cancelled)
        {
            OptimizerState = run.Cancelled ? OptimizerState.Save(optimizer) : null,
        }, hooks);
    }

    static StageResult Finish(StageResult result, IReadOnlyList<TrainingHook> hooks)
    {
        foreach (var hook in hooks) hook.AfterFit(result);
        return result;
    }

    /// <summary>The one training step: loss, backward pass, update.</summary>
    static double Step(TrainingRun run, TrainingBatch batch, IReadOnlyList<TrainingHook> hooks)
    {
        using var scope = NewDisposeScope();
        var input = tensor(batch.Inputs).reshape(batch.Shape);
        if (run.StepInputType != input.dtype) input = input.to(run.StepInputType);
        var logits = run.StepModel.call(input);
        if (logits.dtype != ScalarType.Float32) logits = logits.to(ScalarType.Float32);
        var loss = nn.functional.cross_entropy(logits, tensor(batch.Labels));
        run.ZeroGradients();
        loss.backward();
        foreach (var hook in hooks) hook.AfterBackward(run);
        run.Optimizer.step();
        return loss.item<float>();
    }

    /// <summary>AdamW, one parameter group per layer group; the schedule hook sets each group's rate and β1 before every step.</summary>
    static AdamW NewOptimizer(IReadOnlyList<IReadOnlyList<Parameter>> groups, LearnerOptions options)
    {
        var paramGroups = groups.Select(g => new AdamW.ParamGroup(g, new AdamW.Options
        {
            LearningRate = 0,
            beta1 = 0.9,
            beta2 = options.Beta2,
            eps = options.Eps,
            weight_decay = options.WeightDecay,
        }));
        return optim.AdamW(paramGroups, 0, 0.9, options.Beta2, options.Eps, options.WeightDecay);
    }
}
