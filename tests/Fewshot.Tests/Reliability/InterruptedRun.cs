using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Models;
using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.Reliability;

/// <summary>A 64 px run on 4 bears per class, interrupted after its first epoch: what resume tests start from.</summary>
static class InterruptedRun
{
    /// <returns>The data folder and the model path (its resume checkpoint beside it).</returns>
    public static (string Root, string Model) Make(string directory)
    {
        Torch.Ready();
        var root = MessyFolder.CopyBears(Path.Combine(directory, "bears"), trainPerClass: 4, validPerClass: 1);
        var model = Path.Combine(directory, "m.fewshot");
        var options = new RecipeOptions
        {
            Data = new DataOptions { Size = 64, BatchSize = 4 }, FrozenEpochs = 2, UnfrozenEpochs = 0, Output = model,
        };
        var data = ImageData.FromFolder(root, options.Data, BackboneRegistry.Default.Preprocessing);
        using var interrupt = new CancellationTokenSource();
        using (var first = Recipe.Run(data, options, l => l.EpochEnded += _ => interrupt.Cancel(), interrupt.Token))
            Assert.True(first.Cancelled);
        return (root, model);
    }
}
