using Fewshot.Training;

namespace Fewshot.Evaluation;

/// <summary>Records a learner's loss and head learning rate at every step, for the report's curves.</summary>
public sealed class TrainingRecorder
{
    readonly List<(double, double)> _losses = [];
    readonly List<(double, double)> _rates = [];

    public IReadOnlyList<(double Step, double Value)> Losses => _losses;
    public IReadOnlyList<(double Step, double Rate)> LearningRates => _rates;

    public void Attach(Learner learner)
    {
        learner.BatchEnded += p => _losses.Add((_losses.Count, p.Loss));
        learner.Stepped += s => _rates.Add((_rates.Count, s.LearningRates[^1]));
    }
}
