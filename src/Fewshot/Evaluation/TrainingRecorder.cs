using Fewshot.Training;

namespace Fewshot.Evaluation;

/// <summary>Records a learner's loss and head learning rate at every step, for the report's curves: fastai's Recorder.</summary>
public sealed class TrainingRecorder : TrainingHook
{
    readonly List<(double, double)> _losses = [];
    readonly List<(double, double)> _rates = [];

    public IReadOnlyList<(double Step, double Value)> Losses => _losses;
    public IReadOnlyList<(double Step, double Rate)> LearningRates => _rates;

    public void Attach(Learner learner) => learner.Hooks.Add(this);

    public override void AfterStep(TrainingRun run, TrainingBatch batch, double loss)
    {
        _losses.Add((_losses.Count, loss));
        _rates.Add((_rates.Count, run.Hyperparameters().LearningRates[^1]));
    }
}
