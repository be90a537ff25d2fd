using Fewshot.Runtime;
using static TorchSharp.torch;

namespace Fewshot.Evaluation;

/// <summary>
/// Multinomial logistic regression on standardised feature vectors with an L2 penalty, fitted by full-batch Adam:
/// the "simple classifier on frozen features" that often beats fine-tuning on tiny sets.
/// </summary>
public sealed class SoftmaxRegression
{
    readonly float[] _mean, _scale, _weights, _bias;
    readonly int _dimension, _classes;

    SoftmaxRegression(float[] mean, float[] scale, float[] weights, float[] bias, int dimension, int classes)
    {
        (_mean, _scale, _weights, _bias, _dimension, _classes) = (mean, scale, weights, bias, dimension, classes);
    }

    /// <param name="values">N×D row-major features.</param>
    /// <param name="l2">Penalty λ/2·‖W‖² added to the mean cross-entropy (scikit-learn's C=1 is λ = 1/N).</param>
    public static SoftmaxRegression Fit(float[] values, int dimension, IReadOnlyList<long> labels, int classCount,
        double? l2 = null, int iterations = 300)
    {
        NativeRuntime.EnsureLoaded();
        int n = labels.Count;
        if (n == 0) throw new ArgumentException("needs at least one example", nameof(labels));
        var (mean, scale) = Standardisation(values, dimension, n);
        double lambda = l2 ?? 1.0 / n;
        using var scope = NewDisposeScope();
        var x = Standardise(tensor(values).reshape(n, dimension), mean, scale);
        var y = tensor(labels.ToArray());
        var weights = new TorchSharp.Modules.Parameter(zeros(classCount, dimension));
        var bias = new TorchSharp.Modules.Parameter(zeros(classCount));
        // Full-batch Adam: libtorch's L-BFGS prints a deprecation warning on every fit, and a few hundred
        // steps on standardised features reach the optimum closely enough to rank photos by loss.
        var optimizer = optim.Adam([weights, bias], lr: 0.05);
        for (int step = 0; step < iterations; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = x.matmul(weights.t()) + bias;
            var loss = nn.functional.cross_entropy(logits, y) + lambda / 2 * weights.pow(2).sum();
            loss.backward();
            optimizer.step();
        }
        using var _ = no_grad();
        return new SoftmaxRegression(mean, scale, weights.data<float>().ToArray(), bias.data<float>().ToArray(), dimension, classCount);
    }

    /// <summary>Class probabilities, N×C row-major.</summary>
    public float[] PredictProbabilities(float[] values, int count)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = Standardise(tensor(values).reshape(count, _dimension), _mean, _scale);
        var logits = x.matmul(tensor(_weights).reshape(_classes, _dimension).t()) + tensor(_bias);
        return nn.functional.softmax(logits, 1).data<float>().ToArray();
    }

    static Tensor Standardise(Tensor x, float[] mean, float[] scale) => (x - tensor(mean)) / tensor(scale);

    static (float[] Mean, float[] Scale) Standardisation(float[] values, int dimension, int n)
    {
        var mean = new double[dimension];
        var square = new double[dimension];
        for (int row = 0; row < n; row++)
            for (int d = 0; d < dimension; d++)
            {
                double v = values[row * dimension + d];
                mean[d] += v;
                square[d] += v * v;
            }
        var m = new float[dimension];
        var s = new float[dimension];
        for (int d = 0; d < dimension; d++)
        {
            m[d] = (float)(mean[d] / n);
            var variance = Math.Max(0, square[d] / n - m[d] * (double)m[d]);
            // Constant features (e.g. a channel that is always 0 after ReLU) are left unscaled rather than divided by 0.
            s[d] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }
        return (m, s);
    }
}
