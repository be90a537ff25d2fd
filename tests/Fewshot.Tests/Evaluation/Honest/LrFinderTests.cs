using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Models;
using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.Evaluation.Honest;

public sealed class LrFinderTests
{
    [Fact]
    public void TinyFrozenRunSuggestsAFiniteRateInsideTheSweepAndDrawsIt()
    {
        Torch.Ready();
        var data = TestData.Load(TestData.Subset("bears", 8, 1, "black", "teddy"), new DataOptions { Size = 64, BatchSize = 4 });
        var options = new LrFinderOptions { Start = 1e-6, End = 1, Steps = 40 };

        var result = LrFinder.ForFrozenStage(data, BackboneRegistry.Default, new LearnerOptions(), options);

        Assert.InRange(result.Rates.Count, 5, 40);
        Assert.Equal(1e-6, result.Rates[0], 9);
        Assert.True(result.Rates.Zip(result.Rates.Skip(1)).All(p => p.Second > p.First), "the sweep is increasing");
        Assert.True(double.IsFinite(result.Suggested) && double.IsFinite(result.Steepest));
        Assert.InRange(result.Suggested, result.Rates[0], result.Rates[^1]);
        Assert.InRange(result.Steepest, result.Rates[0], result.Rates[^1]);
        Assert.All(result.Smoothed, l => Assert.True(double.IsFinite(l)));

        var png = Path.Combine(Path.GetTempPath(), $"fewshot-lr-{Guid.NewGuid():N}.png");
        try
        {
            LrFinderChart.SavePng(result, png);
            Assert.True(new FileInfo(png).Length > 1000);
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public void ValleyFallsInsideTheLongestDescentAndSteepestAtTheFastestFall()
    {
        // Flat, then falling fastest around 1e-3, then exploding.
        var rates = Enumerable.Range(0, 60).Select(i => 1e-6 * Math.Pow(1e6, i / 59.0)).ToList();
        var losses = rates.Select(r => 2 - 1.5 / (1 + Math.Exp(-3 * (Math.Log10(r) + 3))) + (r > 0.1 ? 50 * r : 0)).ToList();

        var (valley, steepest) = LrFinder.Suggest(rates, losses);

        Assert.InRange(Math.Log10(steepest), -3.3, -2.7);
        Assert.InRange(valley, 1e-5, 1e-1);
    }
}
