using static TorchSharp.torch;

namespace Fewshot.Models.Cntk;

/// <summary>
/// A module whose children and parameters are registered by name in its constructor only. TorchSharp's
/// default RegisterComponents (run when a module becomes a child) would register the private fields again
/// under their field names ("_conv" beside "conv"), doubling names and parameters.
/// </summary>
internal abstract class ExplicitModule(string name) : nn.Module<Tensor, Tensor>(name)
{
    protected override void RegisterComponents() { }
}
