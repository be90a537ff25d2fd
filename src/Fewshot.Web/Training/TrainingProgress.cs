using System.Diagnostics;

namespace Fewshot.Web.Training;

/// <summary>A part of a training, its work counted in photo passes through a network (see <see cref="TrainingProgress"/>).</summary>
public sealed class TrainingPhase(double work)
{
    public double Work { get; set; } = work;
    public double Done { get; internal set; }
    public double Seconds { get; internal set; }
}

/// <summary>What the page's one bar shows: the share of the whole run done, and the time left when it can be told.</summary>
public sealed record ProgressView(double Fraction, double? SecondsLeft);

/// <summary>
/// One progress bar over a whole training. Each phase's work is counted in photo passes (a forward pass of one photo
/// through the body is 1, a fine-tuning step about 3 per photo, a step of the head alone on cached features almost
/// nothing), so the bar moves in step with the work and never goes back. The time left is each phase's remaining work at
/// the speed measured in that phase, or in the phases measured so far when it has not started.
/// </summary>
public sealed class TrainingProgress
{
    readonly TrainingPhase[] _phases;
    readonly Func<double> _seconds;
    readonly Lock _lock = new();
    double _lastTick;

    public TrainingProgress(params TrainingPhase[] phases) : this(Stopwatch.StartNew(), phases) { }

    TrainingProgress(Stopwatch clock, TrainingPhase[] phases) : this(() => clock.Elapsed.TotalSeconds, phases) { }

    /// <param name="seconds">The time since the training started (a seam for tests).</param>
    internal TrainingProgress(Func<double> seconds, params TrainingPhase[] phases)
    {
        _seconds = seconds;
        _phases = phases;
    }

    /// <summary>Records that <paramref name="done"/> of the phase's work is done now; the time since the last record was spent on it.</summary>
    public ProgressView Advance(TrainingPhase phase, double done)
    {
        lock (_lock)
        {
            var now = _seconds();
            phase.Seconds += now - _lastTick;
            _lastTick = now;
            phase.Done = Math.Clamp(done, phase.Done, phase.Work);
            return View();
        }
    }

    ProgressView View()
    {
        double work = _phases.Sum(p => p.Work), done = _phases.Sum(p => p.Done);
        var measured = _phases.Where(p => p.Done > 0).ToList();
        double? overall = measured.Count == 0 ? null : measured.Sum(p => p.Seconds) / measured.Sum(p => p.Done);
        double? left = overall is null ? null
            : _phases.Sum(p => (p.Work - p.Done) * (p.Done > 0 ? p.Seconds / p.Done : overall.Value));
        return new ProgressView(work == 0 ? 0 : done / work, left);
    }
}
