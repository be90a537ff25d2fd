using Fewshot.People;
using Fewshot.Tests.Support;
using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.Tests.People;

public sealed class LogisticHeadTests
{
    /// <summary>Three overlapping Gaussian classes in 6 dimensions, features on different scales.</summary>
    static FeatureSet Blobs(int perClass, int seed)
    {
        var random = new Random(seed);
        const int dimension = 6;
        var values = new List<float>();
        var labels = new List<long>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perClass; i++)
            {
                for (int k = 0; k < dimension; k++)
                {
                    double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    values.Add((float)((k + 1) * (gaussian + (k == c ? 2.0 : 0.0)) + 10 * k));
                }
                labels.Add(c);
            }
        return new FeatureSet(values.ToArray(), dimension, labels.ToArray(), Enumerable.Range(0, labels.Count).ToArray());
    }

    static (Tensor Z, Tensor Weight, Tensor Bias) Solution(PeopleHead head, FeatureSet set)
    {
        var state = head.state_dict();
        var x = tensor(set.Values, [set.Count, set.Dimension], ScalarType.Float64);
        var z = (x - state["layers.bn.running_mean"].to_type(ScalarType.Float64))
                / (state["layers.bn.running_var"].to_type(ScalarType.Float64) + PeopleHead.BatchNormEpsilon).sqrt();
        return (z, state["layers.fc.weight"].to_type(ScalarType.Float64), state["layers.fc.bias"].to_type(ScalarType.Float64));
    }

    [Fact]
    public void Fit_reaches_the_penalised_optimum_and_the_head_computes_it()
    {
        Torch.Ready();
        using var scope = NewDisposeScope();
        var set = Blobs(40, 1);
        const double lambda = 0.5;
        using var head = HeadTrainer.NewHead(set.Dimension, 3, 0);

        LogisticHead.Fit(head, set, 3, lambda);

        var (z, weight, bias) = Solution(head, set);
        // The batch norm holds the standardisation: every feature has mean 0 and variance ~1 after it.
        Assert.True(z.mean([0]).abs().max().item<double>() < 1e-4);
        Assert.True((z.var([0], unbiased: false) - 1).abs().max().item<double>() < 1e-3);
        // Optimality: the gradient of mean cross-entropy + λ/2·‖W‖² vanishes at the fitted weights.
        var y = nn.functional.one_hot(tensor(set.Labels), 3).to_type(ScalarType.Float64);
        var residual = (nn.functional.softmax(z.matmul(weight.t()) + bias, 1) - y) / set.Count;
        Assert.True((residual.t().matmul(z) + lambda * weight).abs().max().item<double>() < 1e-4);
        Assert.True(residual.sum([0]).abs().max().item<double>() < 1e-4);
        // The head (eval mode: dropout off, running statistics) gives exactly these logits.
        using (no_grad())
        {
            var logits = head.call(tensor(set.Values).reshape(set.Count, set.Dimension)).to_type(ScalarType.Float64);
            Assert.True((logits - (z.matmul(weight.t()) + bias)).abs().max().item<double>() < 1e-3);
        }
        // And it has learnt the classes (they overlap, so not perfectly).
        var held = Blobs(40, 2);
        var report = held.Evaluate(head, Enumerable.Range(0, held.Count).Select(i => $"{i}").ToList(), 3);
        Assert.True(report.Accuracy.Value > 0.7, report.Accuracy.ToString());
    }

    [Fact]
    public void A_larger_penalty_shrinks_the_weights_and_the_fit_is_deterministic()
    {
        Torch.Ready();
        using var scope = NewDisposeScope();
        var set = Blobs(30, 3);
        double Norm(double lambda)
        {
            using var head = HeadTrainer.NewHead(set.Dimension, 3, 7);
            LogisticHead.Fit(head, set, 3, lambda);
            return head.state_dict()["layers.fc.weight"].norm().item<float>();
        }
        Assert.True(Norm(3) < Norm(0.3));
        Assert.Equal(Norm(1), Norm(1));
        using var head = HeadTrainer.NewHead(set.Dimension, 3, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogisticHead.Fit(head, set, 3, 0));
    }
}
