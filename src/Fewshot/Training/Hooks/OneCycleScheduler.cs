using TorchSharp.Modules;

namespace Fewshot.Training;

/// <summary>
/// Sets each layer group's learning rate and β1 before every step from the one-cycle schedule: the peak rates
/// (<see cref="LearningRates"/>, spread over the plan's groups) times the schedule's factor at that step, one cycle over
/// the plan's epochs. fastai's ParamScheduler.
/// </summary>
public sealed class OneCycleScheduler(LearningRates peaks, FitPlan plan, LearnerOptions options) : TrainingHook
{
    readonly double[] _peaks = peaks.ForGroups(plan.Groups.Count);

    public OneCycleSchedule Schedule { get; } = new(plan.Steps, options.PctStart, options.DivFactor, options.FinalDiv);

    public override void BeforeStep(TrainingRun run)
    {
        int i = 0;
        foreach (var group in run.Optimizer.ParamGroups.Cast<ParamGroup>())
        {
            var groupOptions = (AdamW.Options)group.Options;
            groupOptions.LearningRate = _peaks[i++] * Schedule.LearningRateFactor(run.Step);
            groupOptions.beta1 = Schedule.Momentum(run.Step);
        }
    }
}
