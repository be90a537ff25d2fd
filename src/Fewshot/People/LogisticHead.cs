using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>
/// Multinomial logistic regression with an L2 penalty, fitted to convergence on standardised features, written
/// into a <see cref="PeopleHead"/>: its batch norm holds the standardisation (feature means and variances) and
/// its linear layer the weights, so a people model file has the same layout whichever way the head was trained.
/// On a few dozen faces per person a strongly regularised linear model beats a head trained by SGD for a fixed
/// number of epochs (bench/README.md, "People mode").
/// </summary>
public static class LogisticHead
{
    /// <summary>Full-batch accelerated gradient steps; the loss is convex, so this converges from zero.</summary>
    public const int MaxIterations = 500;
    const double Tolerance = 1e-6;

    /// <summary>
    /// Minimises mean cross-entropy + λ/2·‖W‖² over the standardised rows of <paramref name="train"/> (the bias is
    /// not penalised) and writes the result into <paramref name="head"/> (left in eval mode). Deterministic: no
    /// sampling, no dropout. Returns the mean cross-entropy on the training rows.
    /// </summary>
    public static double Fit(PeopleHead head, FeatureSet train, int classCount, double lambda)
    {
        if (train.Count < 2)
            throw new FewshotException("People mode needs at least two training photos with usable features; " +
                                       "add photos or use --no-face whole.");
        if (lambda <= 0) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "the penalty must be positive");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        int n = train.Count, d = train.Dimension;
        var x = tensor(train.Values, [n, d], ScalarType.Float64);
        var mean = x.mean([0]);
        var variance = x.var([0], unbiased: false);
        var z = (x - mean) / (variance + PeopleHead.BatchNormEpsilon).sqrt();
        var y = nn.functional.one_hot(tensor(train.Labels), classCount).to_type(ScalarType.Float64);

        // Step 1/L, L bounding the loss's curvature: ½·λmax([Z 1]ᵀ[Z 1]/n) for the softmax part, plus λ.
        var augmented = cat([z, ones(n, 1, ScalarType.Float64)], 1);
        var gram = augmented.t().matmul(augmented) / n;
        double largest = linalg.eigvalsh(gram).max().item<double>();
        double step = 1 / (0.5 * largest + lambda);

        var weight = zeros(d, classCount, ScalarType.Float64);
        var bias = zeros(classCount, ScalarType.Float64);
        var lookWeight = weight.clone();
        var lookBias = bias.clone();
        double t = 1;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            using var inner = NewDisposeScope();
            var residual = (nn.functional.softmax(z.matmul(lookWeight) + lookBias, 1) - y) / n;
            var gradWeight = z.t().matmul(residual) + lambda * lookWeight;
            var gradBias = residual.sum([0]);
            var nextWeight = lookWeight - step * gradWeight;
            var nextBias = lookBias - step * gradBias;
            double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2, momentum = (t - 1) / tNext;
            bool converged = (nextWeight - weight).abs().max().item<double>() < Tolerance;
            var previous = new[] { lookWeight, lookBias, weight, bias };
            lookWeight = (nextWeight + momentum * (nextWeight - weight)).MoveToOuterDisposeScope();
            lookBias = (nextBias + momentum * (nextBias - bias)).MoveToOuterDisposeScope();
            weight = nextWeight.MoveToOuterDisposeScope();
            bias = nextBias.MoveToOuterDisposeScope();
            foreach (var old in previous) old.Dispose();
            t = tNext;
            if (converged) break;
        }
        head.SetLinear(mean.to_type(ScalarType.Float32), variance.to_type(ScalarType.Float32),
            weight.t().to_type(ScalarType.Float32), bias.to_type(ScalarType.Float32));
        return nn.functional.cross_entropy(z.matmul(weight) + bias, tensor(train.Labels)).item<double>();
    }
}
