using System.Runtime.InteropServices;
using Onnx;

namespace Fewshot.Models.Cntk;

/// <summary>
/// Recovers the residual structure of a CNTK ResNet exported to ONNX by walking back from the graph output:
/// AveragePool ← Relu ← Add(block) ← … ← MaxPool(stem). Anything else is rejected with a clear error.
/// </summary>
internal sealed class OnnxResNetReader
{
    readonly string _path;
    readonly GraphProto _graph;
    readonly Dictionary<string, NodeProto> _producers = [];
    readonly Dictionary<string, TensorProto> _initializers = [];
    int _nodesUsed;

    OnnxResNetReader(string path, GraphProto graph)
    {
        _path = path;
        _graph = graph;
        foreach (var node in graph.Node)
            foreach (var output in node.Output) _producers[output] = node;
        foreach (var tensor in graph.Initializer) _initializers[tensor.Name] = tensor;
    }

    public static CntkResNetSpec Read(string path, int[] blocksPerStage, int convolutions, int featureChannels)
    {
        ModelProto model;
        // Not Parser.ParseFromFile: it opens the file for writing and without sharing, so a second process
        // reading the same weights failed with "being used by another process".
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FewshotException($"{path} is not a readable ONNX file ({e.Message}). Delete it and run `dotnet restore`.", e);
        }
        var reader = new OnnxResNetReader(path, model.Graph);
        var spec = reader.ReadBody();
        var actualBlocks = spec.Stages.Select(s => s.Count).ToArray();
        if (!actualBlocks.SequenceEqual(blocksPerStage) || spec.Convolutions != convolutions || spec.FeatureChannels != featureChannels)
            throw reader.Unexpected(
                $"expected {convolutions} convolutions in stages of [{string.Join(",", blocksPerStage)}] blocks giving {featureChannels} " +
                $"channels, found {spec.Convolutions} convolutions in stages of [{string.Join(",", actualBlocks)}] giving {spec.FeatureChannels}");
        return spec;
    }

    CntkResNetSpec ReadBody()
    {
        if (_graph.Output.Count != 1 || _graph.Input.Count < 1) throw Unexpected("expected one input and one output");
        var pool = Expect(_graph.Output[0].Name, "AveragePool");
        var value = pool.Input[0];
        var blocks = new List<BlockSpec>();
        StemSpec stem;
        while (true)
        {
            var node = Producer(value) ?? throw Unexpected($"'{value}' comes straight from the input, without a stem");
            if (node.OpType == "MaxPool") { stem = ReadStem(node); break; }
            var relu = Expect(value, "Relu");
            var add = Expect(relu.Input[0], "Add");
            blocks.Add(ReadBlock(add, out value));
        }
        if (_nodesUsed != _graph.Node.Count)
            throw Unexpected($"{_graph.Node.Count - _nodesUsed} nodes are not part of the stem → residual blocks → average pool chain");
        blocks.Reverse();
        var spec = new CntkResNetSpec(stem, SplitStages(blocks));
        CheckPadding(spec);
        return spec;
    }

    /// <summary>The module recomputes pads per input size; they must reproduce the stored ones at the graph's size.</summary>
    void CheckPadding(CntkResNetSpec spec)
    {
        var dims = _graph.Input[0].Type.TensorType.Shape.Dim;
        if (dims.Count != 4 || dims[2].DimValue <= 0 || dims[3].DimValue <= 0) throw Unexpected("the input is not a fixed-size N×C×H×W image");
        var (h, w) = (dims[2].DimValue, dims[3].DimValue);
        Through(spec.Stem.ConvBn.Conv, ref h, ref w);
        var pool = spec.Stem.Pool;
        if (!SamePadding.Matches(pool.Pads, h, w, pool.Kernel, pool.Stride)) throw Unexpected($"the max-pool pads are not CNTK's same padding at {h}×{w}");
        (h, w) = (SamePadding.OutputSize(h, pool.Stride[0]), SamePadding.OutputSize(w, pool.Stride[1]));
        foreach (var block in spec.Stages.SelectMany(s => s))
        {
            var (inH, inW) = (h, w);
            Through(block.First.Conv, ref h, ref w);
            Through(block.Second.Conv, ref h, ref w);
            if (block.Shortcut is not null) Through(block.Shortcut.Conv, ref inH, ref inW);
            if ((inH, inW) != (h, w)) throw Unexpected($"the shortcut around {block.First.Conv.Node} does not keep the {h}×{w} size");
        }
    }

    void Through(ConvSpec conv, ref long h, ref long w)
    {
        if (!SamePadding.Matches(conv.Pads, h, w, conv.Shape[2..], conv.Stride))
            throw Unexpected($"{conv.Node} pads [{string.Join(",", conv.Pads)}] are not CNTK's same padding at {h}×{w}");
        (h, w) = (SamePadding.OutputSize(h, conv.Stride[0]), SamePadding.OutputSize(w, conv.Stride[1]));
    }

    /// <summary>A stage starts at each block with a projection shortcut (the resolution/channel change).</summary>
    static List<IReadOnlyList<BlockSpec>> SplitStages(List<BlockSpec> blocks)
    {
        var stages = new List<IReadOnlyList<BlockSpec>>();
        List<BlockSpec>? current = null;
        foreach (var block in blocks)
        {
            if (current is null || block.Shortcut is not null) stages.Add(current = []);
            current.Add(block);
        }
        return stages;
    }

    StemSpec ReadStem(NodeProto maxPool)
    {
        _nodesUsed++;
        var relu = Expect(maxPool.Input[0], "Relu");
        var convBn = ReadConvBn(relu.Input[0], out var input);
        if (input != _graph.Input[0].Name) throw Unexpected($"the stem convolution reads '{input}', not the graph input");
        if (convBn.Conv.InChannels != 3) throw Unexpected($"the stem takes {convBn.Conv.InChannels} channels, not 3");
        var pool = new MaxPoolSpec(Ints(maxPool, "kernel_shape", null), Ints(maxPool, "strides", [1, 1]), Ints(maxPool, "pads", [0, 0, 0, 0]));
        if (pool.Kernel.Length != 2 || pool.Pads.Length != 4) throw Unexpected($"{maxPool.Name} is not a 2-D max-pool");
        return new StemSpec(convBn, pool);
    }

    BlockSpec ReadBlock(NodeProto add, out string blockInput)
    {
        if (add.Input.Count != 2) throw Unexpected($"{add.Name} does not add two tensors");
        for (var main = 0; main < 2; main++)
        {
            if (!IsTwoConvBranch(add.Input[main])) continue;
            var second = ReadConvBn(add.Input[main], out var middle);
            var relu = Expect(middle, "Relu");
            var first = ReadConvBn(relu.Input[0], out blockInput);
            var other = add.Input[1 - main];
            if (other == blockInput) return new BlockSpec(first, second, null);
            var shortcut = ReadConvBn(other, out var shortcutInput);
            if (shortcutInput != blockInput) throw Unexpected($"the shortcut of {add.Name} does not start at the block input");
            return new BlockSpec(first, second, shortcut);
        }
        throw Unexpected($"neither input of {add.Name} is a conv-bn-relu-conv-bn branch");
    }

    bool IsTwoConvBranch(string value)
    {
        string[] chain = ["BatchNormalization", "Conv", "Relu", "BatchNormalization", "Conv"];
        foreach (var op in chain)
        {
            var node = Producer(value);
            if (node is null || node.OpType != op) return false;
            value = node.Input[0];
        }
        return true;
    }

    ConvBnSpec ReadConvBn(string value, out string input)
    {
        var bnNode = Expect(value, "BatchNormalization");
        var convNode = Expect(bnNode.Input[0], "Conv");
        input = convNode.Input[0];
        var conv = ReadConv(convNode);
        var norm = ReadBatchNorm(bnNode);
        if (norm.Scale.Length != conv.OutChannels) throw Unexpected($"{bnNode.Name} normalises {norm.Scale.Length} channels, {convNode.Name} makes {conv.OutChannels}");
        return new ConvBnSpec(conv, norm);
    }

    ConvSpec ReadConv(NodeProto node)
    {
        if (node.Input.Count != 2) throw Unexpected($"{node.Name} has a bias or no weight");
        var (weight, shape) = Floats(node.Input[1]);
        if (shape.Length != 4) throw Unexpected($"{node.Name} is not a 2-D convolution");
        if (Ints(node, "group", [1]) is not [1]) throw Unexpected($"{node.Name} is a grouped convolution");
        if (Ints(node, "dilations", [1, 1]).Any(d => d != 1)) throw Unexpected($"{node.Name} is dilated");
        if (Ints(node, "kernel_shape", shape[2..]) is var k && !k.SequenceEqual(shape[2..])) throw Unexpected($"{node.Name} kernel_shape disagrees with its weight");
        var autoPad = node.Attribute.FirstOrDefault(a => a.Name == "auto_pad")?.S.ToStringUtf8() ?? "";
        if (autoPad is not ("" or "NOTSET")) throw Unexpected($"{node.Name} uses auto_pad {autoPad}");
        var pads = Ints(node, "pads", [0, 0, 0, 0]);
        if (pads.Length != 4) throw Unexpected($"{node.Name} pads are not 2-D");
        return new ConvSpec(node.Name, weight, shape, Ints(node, "strides", [1, 1]), pads);
    }

    BatchNormSpec ReadBatchNorm(NodeProto node)
    {
        if (node.Input.Count != 5) throw Unexpected($"{node.Name} does not have scale, bias, mean and variance");
        if (Ints(node, "spatial", [1]) is not [1]) throw Unexpected($"{node.Name} is not a spatial batch norm");
        var epsilon = node.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
        var tensors = node.Input.Skip(1).Select(name => Floats(name).Data).ToArray();
        if (tensors.Any(t => t.Length != tensors[0].Length)) throw Unexpected($"{node.Name} parameters differ in size");
        return new BatchNormSpec(node.Name, tensors[0], tensors[1], tensors[2], tensors[3], epsilon);
    }

    (float[] Data, long[] Shape) Floats(string name)
    {
        if (!_initializers.TryGetValue(name, out var tensor)) throw Unexpected($"'{name}' is not a stored weight");
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float) throw Unexpected($"'{name}' is not float32");
        var data = tensor.FloatData.Count > 0
            ? tensor.FloatData.ToArray()
            : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();  // raw_data is little-endian, as is every supported CPU
        var shape = tensor.Dims.ToArray();
        if (data.LongLength != shape.Aggregate(1L, (a, b) => a * b)) throw Unexpected($"'{name}' holds {data.Length} values for shape [{string.Join(",", shape)}]");
        return (data, shape);
    }

    long[] Ints(NodeProto node, string attribute, long[]? fallback)
    {
        var found = node.Attribute.FirstOrDefault(a => a.Name == attribute);
        if (found is not null) return found.Ints.Count > 0 ? found.Ints.ToArray() : [found.I];
        return fallback ?? throw Unexpected($"{node.Name} has no {attribute}");
    }

    NodeProto? Producer(string value) => _producers.GetValueOrDefault(value);

    NodeProto Expect(string value, string opType)
    {
        var node = Producer(value);
        if (node?.OpType != opType) throw Unexpected($"expected {opType} to produce '{value}', found {node?.OpType ?? "the graph input"}");
        _nodesUsed++;
        return node;
    }

    public FewshotException Unexpected(string detail) => new(
        $"{_path} is not the CNTK ResNet graph Fewshot expects ({detail}). Delete the file and run `dotnet restore` " +
        $"to download {PretrainedFiles.ResNet18Package} {PretrainedFiles.ResNet18Version} again.");
}
