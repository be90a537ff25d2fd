using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>
/// fastai's head after concat max+avg pooling: BN → dropout 0.25 → linear 512 → ReLU → BN → dropout 0.5 → linear.
/// It takes pooled N×2C features, so the cached-feature path feeds it directly.
/// </summary>
public sealed class ClassifierHead : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> layers;

    public ClassifierHead(int featureChannels, int classCount, int hidden = 512, double dropout1 = 0.25, double dropout2 = 0.5)
        : base("head")
    {
        layers = nn.Sequential(
            ("bn1", nn.BatchNorm1d(2 * featureChannels)),
            ("drop1", nn.Dropout(dropout1)),
            ("fc1", nn.Linear(2 * featureChannels, hidden)),
            ("relu", nn.ReLU()),
            ("bn2", nn.BatchNorm1d(hidden)),
            ("drop2", nn.Dropout(dropout2)),
            ("fc2", nn.Linear(hidden, classCount)));
        RegisterComponents();
        foreach (var module in layers.modules().OfType<Linear>())
        {
            nn.init.kaiming_normal_(module.weight);
            using var _ = no_grad();
            module.bias?.zero_();
        }
    }

    /// <summary>Input: pooled features N×2C.</summary>
    public override Tensor forward(Tensor pooled) => layers.call(pooled);
}
