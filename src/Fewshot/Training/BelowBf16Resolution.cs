using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>A layer group left out of back-propagation: its peak rate, how far the stage could move its weights, and bf16's rounding there.</summary>
public sealed record UnmovedGroup(int Index, double PeakRate, double Movement, double HalfUnit);

/// <summary>
/// Layer groups a bf16 stage does not back-propagate into. Adam moves a weight by at most about the learning rate
/// per step, so a group's movement over the whole stage is bounded by its peak rate times the sum of the one-cycle
/// factors. When that bound is under half a bf16 unit of the group's median weight (2⁻⁹ of it), the working copy
/// that computes the forward pass cannot see the update: the gradient would be computed for nothing. With
/// <c>slice(1e-6, …)</c> on 30 steps this is the first group (stem to stage 2), about a third of a training
/// step's work. Such groups keep training their batch-norm statistics (they stay in train mode); only their
/// weights stay put. Disposing restores the parameters' <c>requires_grad</c>.
/// </summary>
public sealed class BelowBf16Resolution : IDisposable
{
    const double HalfUnitRelative = 1.0 / 512;
    readonly List<Parameter> _excluded = [];

    public IReadOnlyList<UnmovedGroup> Groups { get; }

    BelowBf16Resolution(IReadOnlyList<UnmovedGroup> groups) => Groups = groups;

    /// <summary>Excludes the groups (never the last, the head) whose stage movement is below bf16 resolution.</summary>
    public static BelowBf16Resolution Exclude(IReadOnlyList<IReadOnlyList<Parameter>> groups, LearningRates rates,
        int totalSteps, LearnerOptions options)
    {
        var schedule = new OneCycleSchedule(totalSteps, options.PctStart, options.DivFactor, options.FinalDiv);
        double factorSum = Enumerable.Range(0, totalSteps).Sum(schedule.LearningRateFactor);
        var peaks = rates.ForGroups(groups.Count);
        var unmoved = new List<UnmovedGroup>();
        var excluded = new List<Parameter>();
        for (int g = 0; g < groups.Count - 1; g++)
        {
            var trainable = groups[g].Where(p => p.requires_grad).ToList();
            if (trainable.Count == 0) continue;
            double movement = peaks[g] * factorSum;
            double halfUnit = HalfUnitRelative * MedianMagnitude(trainable);
            if (movement >= halfUnit) continue;
            unmoved.Add(new UnmovedGroup(g, peaks[g], movement, halfUnit));
            excluded.AddRange(trainable);
        }
        var result = new BelowBf16Resolution(unmoved);
        foreach (var p in excluded) p.requires_grad = false;
        result._excluded.AddRange(excluded);
        return result;
    }

    static double MedianMagnitude(IEnumerable<Parameter> parameters)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return cat(parameters.Select(p => p.detach().flatten().abs()).ToList(), 0).median().item<float>();
    }

    public void Dispose()
    {
        foreach (var p in _excluded) p.requires_grad = true;
        _excluded.Clear();
    }
}
