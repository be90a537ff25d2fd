namespace Fewshot.Tests.Architecture;

/// <summary>
/// The library's namespaces form a line, each using only those below it (README, "Layout"): a lower layer that names a
/// higher one's type fails here, naming the type that does.
/// </summary>
public class LayerTests
{
    /// <summary>Bottom to top; a sub-namespace (Fewshot.Evaluation.CrossValidation) is in its parent's layer.</summary>
    static readonly string[][] Layers =
    [
        ["Fewshot", "Fewshot.Runtime"],
        ["Fewshot.Models"],
        ["Fewshot.Data"],
        ["Fewshot.Training"],
        ["Fewshot.Evaluation"],
        ["Fewshot.Export"],
        ["Fewshot.Predictors"],
        ["Fewshot.Faces"],
        ["Fewshot.People"],
    ];

    static int LayerOf(string ns)
    {
        for (int layer = Layers.Length - 1; layer >= 0; layer--)
            if (Layers[layer].Any(n => ns == n || (n != "Fewshot" && ns.StartsWith(n + ".", StringComparison.Ordinal))))
                return layer;
        return ns == "Fewshot" ? 0 : -1;
    }

    [Fact]
    public void EveryNamespaceIsInALayer()
    {
        var namespaces = typeof(Fewshot.Training.Learner).Assembly.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("Fewshot", StringComparison.Ordinal)).Distinct();
        Assert.Empty(namespaces.Where(n => LayerOf(n) < 0));
    }

    [Fact]
    public void NoLayerUsesAHigherOne()
    {
        var upward = NamespaceDependencies.Of(typeof(Fewshot.Training.Learner).Assembly)
            .Where(d => d.User.StartsWith("Fewshot", StringComparison.Ordinal) && d.Used.StartsWith("Fewshot", StringComparison.Ordinal))
            .Where(d => LayerOf(d.User) < LayerOf(d.Used))
            .Select(d => $"{d.User} → {d.Used}: {d.Example}")
            .Order()
            .ToList();
        Assert.True(upward.Count == 0, "Lower layers use higher ones:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void TheScannerSeesUsesInCode()
    {
        // Recipe (Training) names LearningRates (Training) and BackboneRegistry (Models) only in its code and signatures.
        var found = NamespaceDependencies.Of(typeof(Fewshot.Training.Learner).Assembly);
        Assert.Contains(found, d => d.User == "Fewshot.Training" && d.Used == "Fewshot.Models");
        Assert.Contains(found, d => d.User == "Fewshot.People" && d.Used == "Fewshot.Faces");
    }
}
