using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>Adaptive max and average pooling side by side, flattened: N×C×h×w → N×2C (fastai's AdaptiveConcatPool2d).</summary>
public sealed class ConcatPool() : nn.Module<Tensor, Tensor>("concat_pool")
{
    public override Tensor forward(Tensor input) => Apply(input);

    public static Tensor Apply(Tensor input)
    {
        using var max = nn.functional.adaptive_max_pool2d(input, [1, 1]);
        using var avg = nn.functional.adaptive_avg_pool2d(input, [1, 1]);
        using var both = cat([max, avg], 1);
        return both.flatten(1);
    }
}
