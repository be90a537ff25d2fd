using Fewshot.Web.Training;

namespace Fewshot.Tests.Web;

public sealed class TrainingProgressTests
{
    [Fact]
    public void TheBarFollowsTheWork_AndTheTimeLeftEachPhasesMeasuredSpeed()
    {
        double now = 0;
        TrainingPhase features = new(100), head = new(10), fineTune = new(300);
        var progress = new TrainingProgress(() => now, features, head, fineTune);

        now = 5;
        var first = progress.Advance(features, 50);
        Assert.Equal(50.0 / 410, first.Fraction, 6);
        Assert.Equal((50 + 10 + 300) * 0.1, first.SecondsLeft!.Value, 6); // nothing else measured yet: 0.1 s per unit everywhere

        now = 10;
        progress.Advance(features, 100);
        now = 40;
        var third = progress.Advance(fineTune, 30); // fine-tuning runs at 1 s per unit, ten times slower than the features
        Assert.Equal(130.0 / 410, third.Fraction, 6);
        Assert.Equal(10 * (40.0 / 130) + 270 * 1.0, third.SecondsLeft!.Value, 6);

        now = 41;
        Assert.Equal(third.Fraction, progress.Advance(fineTune, 20).Fraction); // never goes back
        Assert.Equal(400.0 / 410, progress.Advance(fineTune, 1000).Fraction, 6); // a phase's done is capped at its work
    }

    [Fact]
    public void BeforeAnyWorkIsDone_TheTimeLeftIsNotGuessed()
    {
        var phase = new TrainingPhase(10);
        var progress = new TrainingProgress(() => 3, phase);

        var view = progress.Advance(phase, 0);

        Assert.Equal(0, view.Fraction);
        Assert.Null(view.SecondsLeft);
    }
}
