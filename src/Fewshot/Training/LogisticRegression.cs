using Fewshot.Runtime;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>
/// Multinomial logistic regression with an L2 penalty on standardised feature vectors, fitted to convergence by
/// accelerated full-batch gradient in float64: the simple classifier on frozen features that often beats
/// fine-tuning on tiny sets. People mode's head and <c>fewshot cv</c>'s frozen recipe both use it.
/// </summary>
public sealed class LogisticRegression
{
    /// <summary>
    /// Added to each variance before dividing, as a batch norm does (TorchSharp's default ε), so a batch norm holding
    /// <see cref="Mean"/> and <see cref="Variance"/> standardises exactly as the fit did. A constant feature is
    /// centred to 0 on every training row, so its weight stays 0 and its value elsewhere cannot matter.
    /// </summary>
    public const double Epsilon = 1e-5;

    /// <summary>
    /// Full-batch accelerated gradient steps at most; the loss is convex, so the fit converges from zero, though with
    /// λ ≲ 0.1 on ResNet features the cap comes first (bench/README.md, "fewshot cv's frozen recipe").
    /// </summary>
    public const int MaxIterations = 500;
    const double Tolerance = 1e-6;

    public int Dimension { get; }
    public int Classes { get; }
    /// <summary>The training rows' feature means and (biased) variances: the standardisation.</summary>
    public double[] Mean { get; }
    public double[] Variance { get; }
    /// <summary>Classes×Dimension row-major, as a linear layer stores its weight; applies to standardised features.</summary>
    public double[] Weight { get; }
    public double[] Bias { get; }
    /// <summary>Mean cross-entropy on the training rows.</summary>
    public double Loss { get; }

    LogisticRegression(int dimension, int classes, double[] mean, double[] variance, double[] weight, double[] bias, double loss)
    {
        (Dimension, Classes, Mean, Variance, Weight, Bias, Loss) = (dimension, classes, mean, variance, weight, bias, loss);
    }

    /// <summary>
    /// Minimises mean cross-entropy + λ/2·‖W‖² over the standardised rows (the bias is not penalised).
    /// Deterministic: no sampling.
    /// </summary>
    /// <param name="values">N×D row-major features.</param>
    public static LogisticRegression Fit(float[] values, int dimension, IReadOnlyList<long> labels, int classCount, double lambda)
    {
        int n = labels.Count, d = dimension;
        if (n == 0) throw new ArgumentException("needs at least one example", nameof(labels));
        if (lambda <= 0) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "the penalty must be positive");
        NativeRuntime.EnsureLoaded();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = tensor(values, [n, d], ScalarType.Float64);
        var mean = x.mean([0]);
        var variance = x.var([0], unbiased: false);
        var z = Standardise(x, mean, variance);
        var target = tensor(labels.ToArray());
        var y = nn.functional.one_hot(target, classCount).to_type(ScalarType.Float64);

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
        double loss = nn.functional.cross_entropy(z.matmul(weight) + bias, target).item<double>();
        return new LogisticRegression(d, classCount, mean.data<double>().ToArray(), variance.data<double>().ToArray(),
            weight.t().contiguous().data<double>().ToArray(), bias.data<double>().ToArray(), loss);
    }

    /// <summary>Class probabilities of <paramref name="count"/> rows of features, N×C row-major.</summary>
    public float[] PredictProbabilities(float[] values, int count)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var z = Standardise(tensor(values, [count, Dimension], ScalarType.Float64), tensor(Mean), tensor(Variance));
        var logits = z.matmul(tensor(Weight, [Classes, Dimension]).t()) + tensor(Bias);
        return nn.functional.softmax(logits, 1).to_type(ScalarType.Float32).data<float>().ToArray();
    }

    static Tensor Standardise(Tensor x, Tensor mean, Tensor variance) => (x - mean) / (variance + Epsilon).sqrt();
}
