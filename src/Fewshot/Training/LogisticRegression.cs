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

    /// <summary>Full-batch steps at most (<see cref="AcceleratedGradient"/>).</summary>
    public const int MaxIterations = AcceleratedGradient.MaxIterations;

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

        // With fewer rows than features the iterates are kept as W = Zᵀ·A (gradient steps from zero never leave the rows'
        // span), so a step costs n²·C instead of n·d·C: the same iterates, the result equal within the tolerance.
        bool dual = n < d;
        var kernel = dual ? z.matmul(z.t()) : null;

        // Step 1/L, L bounding the loss's curvature: ½·λmax([Z 1]ᵀ[Z 1]/n) for the softmax part, plus λ.
        // [Z 1][Z 1]ᵀ = Z·Zᵀ + 1 has the same non-zero eigenvalues and is the smaller matrix when n ≤ d.
        Tensor gram;
        if (n <= d) gram = (kernel ?? z.matmul(z.t())) + 1;
        else
        {
            var augmented = cat([z, ones(n, 1, ScalarType.Float64)], 1);
            gram = augmented.t().matmul(augmented);
        }
        double largest = linalg.eigvalsh(gram / n).max().item<double>();
        double step = 1 / (0.5 * largest + lambda);

        var rows = (dual ? kernel! : z).contiguous().data<double>().ToArray();
        var (coefficients, bias) = AcceleratedGradient.Minimise(rows, n, dual ? n : d, labels, classCount, lambda, step, dual);
        var solution = tensor(coefficients, [classCount, dual ? n : d], ScalarType.Float64);
        var weight = dual ? z.t().matmul(solution.t()) : solution.t();
        var biasTensor = tensor(bias, [classCount], ScalarType.Float64);
        double loss = nn.functional.cross_entropy(z.matmul(weight) + biasTensor, target).item<double>();
        return new LogisticRegression(d, classCount, mean.data<double>().ToArray(), variance.data<double>().ToArray(),
            weight.t().contiguous().data<double>().ToArray(), bias, loss);
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
