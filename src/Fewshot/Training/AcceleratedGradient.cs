using System.Numerics.Tensors;

namespace Fewshot.Training;

/// <summary>
/// <see cref="LogisticRegression"/>'s inner loop: Nesterov-accelerated full-batch gradient descent on mean
/// cross-entropy + λ/2·‖W‖², in plain float64 arrays. A fit takes a few hundred small steps, and on a few hundred
/// rows a step is over before a tensor library has dispatched its dozen operations, so the loop is written here.
/// </summary>
static class AcceleratedGradient
{
    /// <summary>
    /// Full-batch steps at most; the loss is convex, so the fit converges from zero, though with λ ≲ 0.1 on ResNet
    /// features the cap comes first (bench/README.md, "fewshot cv's frozen recipe").
    /// </summary>
    public const int MaxIterations = 500;
    /// <summary>The fit stops when a step changes no weight by this much or more.</summary>
    const double Tolerance = 1e-6;

    /// <summary>
    /// Primal (<paramref name="dual"/> false): <paramref name="rows"/> is the standardised n×m feature matrix Z and the
    /// result is W (C×m). Dual: <paramref name="rows"/> is the n×n kernel Z·Zᵀ and the result is A (C×n) with W = Zᵀ·A;
    /// each step is the primal step expressed in A, and convergence is judged on ‖ΔW‖ = √tr(ΔAᵀ·K·ΔA), which bounds
    /// the largest change of a weight. Returns the coefficients class by class, and the biases.
    /// </summary>
    public static (double[] Coefficients, double[] Bias) Minimise(double[] rows, int n, int m, IReadOnlyList<long> labels,
        int classes, double lambda, double step, bool dual)
    {
        var coefficients = new double[classes * m];
        var look = new double[classes * m];
        var next = new double[classes * m];
        var gradient = new double[classes * m];
        var product = dual ? new double[classes * m] : null;
        var bias = new double[classes];
        var lookBias = new double[classes];
        var logits = new double[classes];
        double t = 1;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Residual R = (softmax(rows·look + b) − Y) / n, row by row, and from it the gradient.
            Array.Clear(gradient);
            var biasGradient = new double[classes];
            for (int i = 0; i < n; i++)
            {
                var row = rows.AsSpan(i * m, m);
                double max = double.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                {
                    logits[c] = TensorPrimitives.Dot<double>(row, look.AsSpan(c * m, m)) + lookBias[c];
                    max = Math.Max(max, logits[c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += logits[c] = Math.Exp(logits[c] - max);
                for (int c = 0; c < classes; c++)
                {
                    double r = (logits[c] / sum - (labels[i] == c ? 1 : 0)) / n;
                    biasGradient[c] += r;
                    // Primal: ∇W = Zᵀ·R accumulates row by row. Dual: the step in A is R itself.
                    if (dual) gradient[c * m + i] = r;
                    else TensorPrimitives.MultiplyAdd(row, r, gradient.AsSpan(c * m, m), gradient.AsSpan(c * m, m));
                }
            }
            double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2, momentum = (t - 1) / tNext;
            for (int k = 0; k < next.Length; k++) next[k] = look[k] - step * (gradient[k] + lambda * look[k]);
            double change = 0;
            if (dual)
            {
                // ‖ΔW‖² = Σ_c ΔA_cᵀ·K·ΔA_c, with ΔA in gradient's place (no longer needed).
                for (int k = 0; k < next.Length; k++) gradient[k] = next[k] - coefficients[k];
                for (int c = 0; c < classes; c++)
                    for (int i = 0; i < n; i++)
                        product![c * m + i] = TensorPrimitives.Dot<double>(rows.AsSpan(i * m, m), gradient.AsSpan(c * m, m));
                change = Math.Sqrt(Math.Max(0, TensorPrimitives.Dot<double>(gradient, product!)));
            }
            else
                for (int k = 0; k < next.Length; k++) change = Math.Max(change, Math.Abs(next[k] - coefficients[k]));
            for (int k = 0; k < next.Length; k++)
            {
                look[k] = next[k] + momentum * (next[k] - coefficients[k]);
                coefficients[k] = next[k];
            }
            for (int c = 0; c < classes; c++)
            {
                double nextBias = lookBias[c] - step * biasGradient[c];
                lookBias[c] = nextBias + momentum * (nextBias - bias[c]);
                bias[c] = nextBias;
            }
            t = tNext;
            if (change < Tolerance) break;
        }
        return (coefficients, bias);
    }
}
