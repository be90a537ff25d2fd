using Fewshot.Models.Torchvision;
using TorchSharp.Modules;
using static Fewshot.Export.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace Fewshot.Export.Onnx;

/// <summary>
/// A torchvision body as ONNX nodes, module by module, in eval mode: convolution, batch norm, ReLU, SiLU (x·σ(x)),
/// hard-swish (x·HardSigmoid(x; 1/6, ½), as opset 13 has no HardSwish), hard-sigmoid, sigmoid, max-pool, squeeze-excitation,
/// residual blocks (ResNet's basic and bottleneck blocks, MobileNetV3's and EfficientNet's inverted residuals: a residual
/// wherever a block keeps its input's shape), sequences; dropout and stochastic depth are identities. The feature map's
/// channels and size are followed through the graph to tell residual blocks apart.
/// </summary>
internal sealed class TorchvisionWriter(OnnxGraphBuilder builder, ModuleWeights weights)
{
    (long Channels, long Height, long Width) _shape;

    public string Write(TorchvisionBody body, string input, int size)
    {
        _shape = (3, size, size);
        var x = input;
        foreach (var (name, module) in body.named_children())
            x = Module("body." + name, module, x);
        return x;
    }

    string Module(string prefix, nn.Module module, string x) => module switch
    {
        Conv2d conv => Convolution(prefix, conv, x),
        BatchNorm2d norm => builder.BatchNorm(weights, prefix, x, norm.eps),
        ReLU => builder.Node("Relu", [x]),
        SiLU => builder.Node("Mul", [x, builder.Node("Sigmoid", [x])]),
        Sigmoid => builder.Node("Sigmoid", [x]),
        Hardsigmoid => HardSigmoid(x),
        Hardswish => builder.Node("Mul", [x, HardSigmoid(x)]),
        MaxPool2d pool => MaxPool(pool, x),
        Dropout or Identity or TorchSharp.torchvision.StochasticDepth => x,
        TorchSharp.torchvision.SqueezeExcitation => SqueezeExcitation(prefix, module, x),
        Sequential => Children(prefix, module, x),
        _ when module.GetType().Name is "BasicBlock" or "Bottleneck" => ResNetBlock(prefix, module, x),
        _ when module.named_children().Any(c => c.name == "block") => InvertedResidual(prefix, module, x),
        _ => throw new FewshotException($"ONNX export does not know the layer {prefix} ({module.GetType().Name})."),
    };

    /// <summary>The children in their registration order (a Sequential's 0, 1, …).</summary>
    string Children(string prefix, nn.Module module, string x)
    {
        foreach (var (name, child) in module.named_children())
            x = Module(prefix + "." + name, child, x);
        return x;
    }

    /// <summary>conv1 bn1 relu conv2 bn2 [relu conv3 bn3] + downsample(x) or x, then relu.</summary>
    string ResNetBlock(string prefix, nn.Module block, string x)
    {
        var children = block.named_children().ToDictionary(c => c.name, c => c.module);
        var input = _shape;
        var main = x;
        foreach (var i in new[] { 1, 2, 3 }.Where(i => children.ContainsKey($"conv{i}")))
        {
            if (i > 1) main = builder.Node("Relu", [main]);
            main = Module($"{prefix}.bn{i}", children[$"bn{i}"], Module($"{prefix}.conv{i}", children[$"conv{i}"], main));
        }
        var output = _shape;
        var shortcut = x;
        if (children.TryGetValue("downsample", out var downsample))
        {
            _shape = input;
            shortcut = Module(prefix + ".downsample", downsample, x);
        }
        if (_shape != output) throw new FewshotException($"{prefix}: the shortcut gives {_shape}, the block {output}.");
        return builder.Node("Relu", [builder.Node("Add", [main, shortcut])]);
    }

    /// <summary>block(x), plus x when the block keeps the shape (stride 1, as many channels out as in).</summary>
    string InvertedResidual(string prefix, nn.Module module, string x)
    {
        var input = _shape;
        var block = module.named_children().First(c => c.name == "block").module;
        var output = Module(prefix + ".block", block, x);
        return _shape == input ? builder.Node("Add", [output, x]) : output;
    }

    /// <summary>x · scale(fc2(activation(fc1(mean over space of x)))).</summary>
    string SqueezeExcitation(string prefix, nn.Module module, string x)
    {
        var children = module.named_children().ToDictionary(c => c.name, c => c.module);
        var shape = _shape;
        var squeezed = builder.Node("GlobalAveragePool", [x]);
        _shape = (shape.Channels, 1, 1);
        foreach (var name in new[] { "fc1", "activation", "fc2", "scale_activation" })
            squeezed = Module($"{prefix}.{name}", children[name], squeezed);
        _shape = shape;
        return builder.Node("Mul", [x, squeezed]);
    }

    string Convolution(string prefix, Conv2d conv, string x)
    {
        if (conv.padding_type is not null || conv.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw new FewshotException($"ONNX export supports explicit zero padding only ({prefix}).");
        var inputs = new List<string> { x, builder.Weight(weights, prefix + ".weight") };
        if (conv.bias is not null) inputs.Add(builder.Weight(weights, prefix + ".bias"));
        // Explicit padding (checked above) is never null.
        long[] pad = conv.padding!, stride = conv.stride, dilation = conv.dilation, kernel = conv.kernel_size;
        var output = builder.Node("Conv", inputs, Ints("kernel_shape", kernel), Ints("strides", stride), Ints("dilations", dilation),
            Ints("pads", pad[0], pad[1], pad[0], pad[1]), Int("group", conv.groups));
        _shape = (conv.out_channels, Out(_shape.Height, kernel[0], stride[0], pad[0], dilation[0]), Out(_shape.Width, kernel[1], stride[1], pad[1], dilation[1]));
        return output;
    }

    string MaxPool(MaxPool2d pool, string x)
    {
        if (pool.ceil_mode || pool.dilation?.Any(d => d != 1) == true) throw new FewshotException("ONNX export supports plain max-pools only.");
        long[] kernel = pool.kernel_size, stride = pool.stride ?? kernel, pad = pool.padding ?? [0, 0];
        _shape = (_shape.Channels, Out(_shape.Height, kernel[0], stride[0], pad[0], 1), Out(_shape.Width, kernel[1], stride[1], pad[1], 1));
        return builder.Node("MaxPool", [x], Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", pad[0], pad[1], pad[0], pad[1]));
    }

    string HardSigmoid(string x) => builder.Node("HardSigmoid", [x], Float("alpha", 1f / 6), Float("beta", 0.5f));

    static long Out(long size, long kernel, long stride, long pad, long dilation) => (size + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}
