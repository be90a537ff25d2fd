using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Fewshot.Export.Onnx;

/// <summary>Appends nodes and float weights to an ONNX graph under unique names; each method returns its output's name.</summary>
internal sealed class OnnxGraphBuilder(GraphProto graph)
{
    int _counter;

    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Node(opType, inputs, $"{opType.ToLowerInvariant()}_{_counter++}", attributes);

    public string Node(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    public string Weight(string name, float[] values, params long[] dims)
    {
        if (values.LongLength != dims.Aggregate(1L, (a, b) => a * b))
            throw new InvalidOperationException($"{name}: {values.Length} values for shape [{string.Join(",", dims)}]");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is little-endian by the ONNX spec, as is every CPU .NET runs on here.
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>The module's tensor <paramref name="name"/>, added under that name.</summary>
    public string Weight(ModuleWeights weights, string name)
    {
        var (values, shape) = weights.Get(name);
        return Weight(name, values, shape);
    }

    /// <summary>Inference-mode batch norm of <paramref name="input"/> with the module's <paramref name="norm"/>.* tensors.</summary>
    public string BatchNorm(ModuleWeights weights, string norm, string input, double epsilon) =>
        Node("BatchNormalization",
            [input, Weight(weights, norm + ".weight"), Weight(weights, norm + ".bias"),
             Weight(weights, norm + ".running_mean"), Weight(weights, norm + ".running_var")],
            Float("epsilon", (float)epsilon));

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A graph input or output: element type and dims, where a null dim is the symbolic batch size.</summary>
    public static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is { } d ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
