using static TorchSharp.torch;

namespace Fewshot.Export.Onnx;

/// <summary>A module's parameters and buffers by name ("body.stem.conv.weight"), read as floats.</summary>
internal sealed class ModuleWeights
{
    readonly Dictionary<string, Tensor> _tensors = [];

    public ModuleWeights(nn.Module module)
    {
        foreach (var (name, parameter) in module.named_parameters()) _tensors[name] = parameter;
        foreach (var (name, buffer) in module.named_buffers()) _tensors[name] = buffer;
    }

    public (float[] Values, long[] Shape) Get(string name)
    {
        if (!_tensors.TryGetValue(name, out var tensor))
            throw new InvalidOperationException($"The model has no tensor '{name}' (it has: {string.Join(", ", _tensors.Keys.Take(8))}, …).");
        using var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return (values.data<float>().ToArray(), tensor.shape);
    }

    public float[] Values(string name) => Get(name).Values;
}
