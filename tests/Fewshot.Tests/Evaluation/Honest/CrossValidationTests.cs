using Fewshot.Data;
using Fewshot.Evaluation.CrossValidation;
using Fewshot.Models;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Evaluation.Honest;

public sealed class CrossValidationTests : IDisposable
{
    readonly TempDataset _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void FrozenRecipePredictsEveryPhotoOutOfFoldAndRanksAPlantedMislabelFirst()
    {
        Torch.Ready();
        var root = SharedData.Dataset("bears");
        string[] Take(string cls, int n) => Directory.GetFiles(Path.Combine(root, "train", cls)).Order(StringComparer.Ordinal).Take(n).ToArray();
        foreach (var p in Take("black", 8)) _data.Copy(p, "black", "black");
        foreach (var p in Take("teddy", 8)) _data.Copy(p, "teddy", "teddy");
        var mislabel = _data.Copy(Take("teddy", 9)[8], "black", "black", "actually-a-teddy.jpg");

        var split = ImageFolder.Scan(_data.Root, validPct: 0);
        var data = CrossValidator.Pool(split, new DataOptions { Size = 96, BatchSize = 8 }, BackboneRegistry.Default, _data.Root);
        var context = new CrossValidationContext(data, BackboneRegistry.Default, featureViews: 1);
        var validator = new CrossValidator(new CrossValidationOptions { Folds = 4 });
        var recipes = new ICrossValidationRecipe[] { CrossValidationRecipes.Create("frozen"), CrossValidationRecipes.Create("frozen") };

        var result = validator.Run(context, recipes);

        var outcome = result.Outcomes[0];
        Assert.Equal(17, outcome.Repeats[0].Count);
        Assert.Equal(data.Train.Select(i => i.Path), outcome.Repeats[0].Select(p => p.Path));
        // Out of fold: each photo was predicted by the fold that held it out, and folds partition the photos.
        Assert.Equal(17, result.FoldAssignments[0].Length);
        Assert.Equal(Enumerable.Range(0, 4), result.FoldAssignments[0].Distinct().Order());
        Assert.Equal(mislabel, outcome.ByLoss()[0].Path);
        Assert.True(outcome.Accuracy.Successes >= 14, outcome.Accuracy.ToString());
        // The same deterministic recipe twice on the same folds: no disagreement, McNemar p = 1.
        var comparison = Assert.Single(result.Comparisons);
        Assert.Equal((0, 0, 1.0), (comparison.OnlyA, comparison.OnlyB, comparison.PValue));
    }

    [Fact]
    public void UnknownRecipeNamesTheKnownOnes()
    {
        var error = Assert.Throws<FewshotException>(() => CrossValidationRecipes.Create("magic"));
        Assert.Contains("frozen", error.Message);
        Assert.Contains("finetune", error.Message);
    }
}
