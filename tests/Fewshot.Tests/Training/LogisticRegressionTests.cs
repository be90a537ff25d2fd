using Fewshot.People;
using Fewshot.Tests.Support;
using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.Tests.Training;

public sealed class LogisticRegressionTests
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

    /// <summary><paramref name="set"/> with a feature inserted before column 2 that is <paramref name="value"/> on every row.</summary>
    static FeatureSet WithConstant(FeatureSet set, float value)
    {
        int d = set.Dimension;
        var values = new float[set.Count * (d + 1)];
        for (int row = 0; row < set.Count; row++)
            for (int k = 0; k <= d; k++)
                values[row * (d + 1) + k] = k < 2 ? set.Values[row * d + k] : k == 2 ? value : set.Values[row * d + k - 1];
        return set with { Values = values, Dimension = d + 1 };
    }

    static LogisticRegression Fit(FeatureSet set, double lambda) => LogisticRegression.Fit(set.Values, set.Dimension, set.Labels, 3, lambda);

    static (Tensor Z, Tensor Weight, Tensor Bias) Solution(LogisticRegression model, FeatureSet set)
    {
        var x = tensor(set.Values, [set.Count, set.Dimension], ScalarType.Float64);
        var z = (x - tensor(model.Mean)) / (tensor(model.Variance) + LogisticRegression.Epsilon).sqrt();
        return (z, tensor(model.Weight, [model.Classes, model.Dimension]), tensor(model.Bias));
    }

    static double Accuracy(float[] probabilities, long[] labels) =>
        labels.Where((label, row) => Enumerable.Range(0, 3).MaxBy(c => probabilities[row * 3 + c]) == label).Count() / (double)labels.Length;

    [Fact]
    public void Fit_reaches_the_penalised_optimum()
    {
        Torch.Ready();
        using var scope = NewDisposeScope();
        var set = Blobs(40, 1);
        const double lambda = 0.5;

        var model = Fit(set, lambda);

        var (z, weight, bias) = Solution(model, set);
        // The standardisation: every feature has mean 0 and variance ~1 after it.
        Assert.True(z.mean([0]).abs().max().item<double>() < 1e-9);
        Assert.True((z.var([0], unbiased: false) - 1).abs().max().item<double>() < 1e-3);
        // Optimality: the gradient of mean cross-entropy + λ/2·‖W‖² vanishes at the fitted weights (the fit stops once
        // a step of size 1/L moves no weight by 1e-6, so it is a few L·1e-6).
        var y = nn.functional.one_hot(tensor(set.Labels), 3).to_type(ScalarType.Float64);
        var logits = z.matmul(weight.t()) + bias;
        var residual = (nn.functional.softmax(logits, 1) - y) / set.Count;
        double gradient = Math.Max((residual.t().matmul(z) + lambda * weight).abs().max().item<double>(),
            residual.sum([0]).abs().max().item<double>());
        Assert.True(gradient < 1e-5, $"gradient {gradient}");
        Assert.Equal(nn.functional.cross_entropy(logits, tensor(set.Labels)).item<double>(), model.Loss, 12);
        // Predictions are the softmax of these logits, and the classes are learnt (they overlap, so not perfectly).
        var probabilities = tensor(model.PredictProbabilities(set.Values, set.Count), ScalarType.Float64);
        Assert.True((probabilities.reshape(set.Count, 3) - nn.functional.softmax(logits, 1)).abs().max().item<double>() < 1e-6);
        var held = Blobs(40, 2);
        Assert.True(Accuracy(model.PredictProbabilities(held.Values, held.Count), held.Labels) > 0.7);
    }

    [Fact]
    public void With_fewer_rows_than_features_the_fit_still_reaches_the_penalised_optimum()
    {
        // 24 rows of 60 features: the solver steps in the rows' span (W = Zᵀ·A), and must land on the same optimum.
        Torch.Ready();
        using var scope = NewDisposeScope();
        var random = new Random(7);
        const int rows = 24, dimension = 60;
        var values = new float[rows * dimension];
        var labels = new long[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % 3;
            for (int k = 0; k < dimension; k++) values[i * dimension + k] = (float)(random.NextDouble() + (k % 3 == labels[i] ? 0.8 : 0));
        }
        var set = new FeatureSet(values, dimension, labels, Enumerable.Range(0, rows).ToArray());
        const double lambda = 0.7;

        var model = Fit(set, lambda);

        var (z, weight, bias) = Solution(model, set);
        var y = nn.functional.one_hot(tensor(set.Labels), 3).to_type(ScalarType.Float64);
        var logits = z.matmul(weight.t()) + bias;
        var residual = (nn.functional.softmax(logits, 1) - y) / set.Count;
        double gradient = Math.Max((residual.t().matmul(z) + lambda * weight).abs().max().item<double>(),
            residual.sum([0]).abs().max().item<double>());
        // The fit stops once a step of 1/L moves the weights by less than 1e-6, so the gradient is then about L·1e-6.
        var augmented = cat([z, ones(rows, 1, ScalarType.Float64)], 1);
        double curvature = 0.5 * linalg.eigvalsh(augmented.t().matmul(augmented) / rows).max().item<double>() + lambda;
        Assert.True(gradient < 5 * curvature * 1e-6, $"gradient {gradient}, curvature bound {curvature}");
        Assert.Equal(nn.functional.cross_entropy(logits, tensor(set.Labels)).item<double>(), model.Loss, 12);
    }

    [Fact]
    public void A_constant_feature_gets_no_weight_and_leaves_the_fit_unchanged()
    {
        Torch.Ready();
        using var scope = NewDisposeScope();
        var set = Blobs(30, 4);
        var plain = Fit(set, 0.5);

        var model = Fit(WithConstant(set, 3.7f), 0.5);

        Assert.Equal(0, model.Variance[2]);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(0, model.Weight[c * model.Dimension + 2]));
        var others = Enumerable.Range(0, 3).SelectMany(c => model.Weight.Skip(c * model.Dimension).Take(model.Dimension).Where((_, k) => k != 2));
        Assert.Equal(plain.Weight, others, (a, b) => Math.Abs(a - b) < 1e-9);
        // A photo whose value differs there (a channel that happened never to fire in training) is classified as if it did not.
        var held = Blobs(10, 5);
        var expected = plain.PredictProbabilities(held.Values, held.Count);
        var actual = model.PredictProbabilities(WithConstant(held, 250f).Values, held.Count);
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void A_larger_penalty_shrinks_the_weights_and_the_fit_is_deterministic()
    {
        Torch.Ready();
        var set = Blobs(30, 3);
        double Norm(double lambda) => Math.Sqrt(Fit(set, lambda).Weight.Sum(w => w * w));
        Assert.True(Norm(3) < Norm(0.3));
        Assert.Equal(Fit(set, 1).Weight, Fit(set, 1).Weight);
        Assert.Throws<ArgumentOutOfRangeException>(() => Fit(set, 0));
    }

    [Fact]
    public void A_people_head_computes_the_fitted_model()
    {
        Torch.Ready();
        using var scope = NewDisposeScope();
        var set = Blobs(40, 1);
        using var head = HeadTrainer.NewHead(set.Dimension, 3, 0);

        var stage = HeadTrainer.Fit(head, set, 3, new PeopleOptions(), penalty: 0.5);

        var model = Fit(set, 0.5);
        Assert.Equal(model.Loss, stage.Last!.TrainLoss);
        Assert.False(head.training);
        // The batch norm holds the standardisation with the same ε, the linear layer the weights.
        Assert.Equal(LogisticRegression.Epsilon, PeopleHead.BatchNormEpsilon);
        var (z, weight, bias) = Solution(model, set);
        using (no_grad())
        {
            var logits = head.call(tensor(set.Values).reshape(set.Count, set.Dimension)).to_type(ScalarType.Float64);
            Assert.True((logits - (z.matmul(weight.t()) + bias)).abs().max().item<double>() < 1e-4);
        }
        var held = Blobs(40, 2);
        var report = held.Evaluate(head, Enumerable.Range(0, held.Count).Select(i => $"{i}").ToList(), 3);
        Assert.True(report.Accuracy.Value > 0.7, report.Accuracy.ToString());
    }
}
