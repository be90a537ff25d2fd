using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.Training;

public class OneCycleScheduleTests
{
    [Fact]
    public void StartsAtADivOf25_PeaksAtPctStart_EndsNearLrMaxOver25e4()
    {
        var schedule = new OneCycleSchedule(TotalSteps: 100);
        Assert.Equal(1 / 25.0, schedule.LearningRateFactor(0), 12);
        Assert.Equal(1.0, schedule.LearningRateFactor(30), 12);
        Assert.Equal(0.95, schedule.Momentum(0), 12);
        Assert.Equal(0.85, schedule.Momentum(30), 12);
        // step 99: cosine from 1 to 1/25/1e4 at (0.99-0.3)/0.7
        double position = (0.99 - 0.3) / 0.7, end = 1 / 25.0 / 1e4;
        Assert.Equal(end + (1 - end) / 2 * (1 + Math.Cos(Math.PI * position)), schedule.LearningRateFactor(99), 12);
        Assert.True(schedule.LearningRateFactor(99) < 1e-3);
    }

    [Fact]
    public void Slice_SpreadsGeometricallyOverGroups()
    {
        var rates = LearningRates.Slice(1e-6, 1e-2).ForGroups(3);
        Assert.Equal(1e-6, rates[0], 15);
        Assert.Equal(1e-4, rates[1], 12);
        Assert.Equal(1e-2, rates[2], 12);
    }

    [Theory]
    [InlineData("3e-3", 3e-3, 3e-3)]
    [InlineData("1e-6:1e-2", 1e-6, 1e-2)]
    public void Parse_AcceptsOneValueOrARange(string text, double low, double high) =>
        Assert.Equal(new LearningRates(low, high), LearningRates.Parse(text));

    [Theory]
    [InlineData("fast")]
    [InlineData("-1")]
    [InlineData("1e-2:1e-6")]
    [InlineData("1:2:3")]
    public void Parse_RejectsNonsenseWithAClearMessage(string text) =>
        Assert.Contains("not a learning rate", Assert.Throws<FewshotException>(() => LearningRates.Parse(text)).Message);

    [Theory]
    [InlineData("1e300")]
    [InlineData("Infinity")]
    [InlineData("1e-6:20")]
    public void Parse_RejectsRatesTooHighToTrain(string text) =>
        Assert.Contains("too high", Assert.Throws<FewshotException>(() => LearningRates.Parse(text)).Message);

    [Fact]
    public void A_NaN_validation_loss_stops_the_stage_so_NaN_weights_are_never_saved()
    {
        Torch.Ready();
        using var model = TorchSharp.torch.nn.Linear(2, 2);
        var groups = new List<IReadOnlyList<TorchSharp.Modules.Parameter>> { model.parameters().ToList() };
        var batch = new TrainingBatch([0f, 0f], [1, 2], [0]);
        var plan = new FitPlan(1, 1, 1, groups, _ => [batch], model, () => { })
        {
            Validate = () => new ValidationReport(double.NaN, new Proportion(1, 2), []),
        };

        var error = Assert.Throws<FewshotException>(() => TrainingLoop.Fit(plan, new LearnerOptions(),
            [new OneCycleScheduler(new LearningRates(1e-3, 1e-3), plan, new LearnerOptions()), new NonFiniteGuard()]));

        Assert.Contains("NaN", error.Message);
        Assert.Contains("--lr", error.Message);
    }
}
