using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Models;
using Fewshot.Models.Cntk;
using Fewshot.Models.Torchvision;
using Google.Protobuf;
using Onnx;
using static Fewshot.Export.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace Fewshot.Export.Onnx;

/// <summary>Element type of the exported graph's N×S×S×3 RGB input.</summary>
public enum OnnxInputType { Uint8, Float }

/// <summary>
/// Writes a trained model as one standard ONNX file (opset 13) with its preprocessing inside: input N×S×S×3 RGB
/// pixels (uint8, or float 0–255), output N×classes probabilities; the classes, input contract and Fewshot version
/// are in the metadata (<see cref="OnnxModelInfo"/>). The graph is the eval-mode model: batch norms use their
/// running statistics (the head's are folded into its linear layers), dropout is gone, CNTK's asymmetric
/// "same" pads are baked for the input size; torchvision bodies are written module by module (<see cref="TorchvisionWriter"/>).
/// </summary>
public static class OnnxExport
{
    public const int Opset = 13;

    /// <summary>Reads a .fewshot file and writes its ONNX export, atomically.</summary>
    public static OnnxModelInfo FromModelFile(string modelPath, string onnxPath, OnnxInputType inputType = OnnxInputType.Uint8)
    {
        var (manifest, network) = ImageModelFile.Load(modelPath, $"ONNX export supports '{ModelManifest.ImageKind}' models only.");
        using var model = network;
        return Write(model, manifest, onnxPath, inputType);
    }

    /// <summary>Writes <paramref name="model"/> (described by <paramref name="manifest"/>) as ONNX, atomically.</summary>
    public static OnnxModelInfo Write(ClassifierNetwork model, ModelManifest manifest, string onnxPath, OnnxInputType inputType = OnnxInputType.Uint8)
    {
        var info = Describe(manifest, inputType);
        var proto = Build(model, info);
        AtomicFile.Write(onnxPath, stream => proto.WriteTo(stream));
        return info;
    }

    static OnnxModelInfo Describe(ModelManifest manifest, OnnxInputType inputType)
    {
        var input = manifest.Input;
        return new OnnxModelInfo
        {
            FewshotVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Kind = OnnxModelInfo.ImageKind,
            Backbone = manifest.Backbone,
            Classes = manifest.Classes,
            Size = input.Size,
            Resize = input.Resize,
            DecodeScale = input.DecodeScale,
            DecodeSlack = input.DecodeSlack,
            InputType = inputType == OnnxInputType.Float ? "float" : "uint8",
            ChannelOrder = input.ChannelOrder,
            Mean = input.Mean,
            Std = input.Std,
        };
    }

    static ModelProto Build(ClassifierNetwork model, OnnxModelInfo info)
    {
        var graph = new GraphProto { Name = "fewshot_" + info.Backbone };
        var builder = new OnnxGraphBuilder(graph);
        using (var _ = NewDisposeScope())
        {
            var weights = new ModuleWeights(model);
            var normalised = Preprocess(builder, info);
            var features = model.body switch
            {
                CntkResNet => new BodyWriter(builder, weights, info).Write(CntkResNetSpec.ResNet18.Value, normalised),
                TorchvisionBody body => new TorchvisionWriter(builder, weights).Write(body, normalised, info.Size),
                _ => throw new FewshotException($"ONNX export does not know the body '{model.body.Info.Id}'."),
            };
            var pooled = builder.Node("Flatten", [builder.Node("Concat",
                [builder.Node("GlobalMaxPool", [features]), builder.Node("GlobalAveragePool", [features])], Int("axis", 1))], Int("axis", 1));
            var logits = Head(builder, weights, pooled);
            builder.Node("Softmax", [logits], OnnxModelInfo.OutputName, Int("axis", 1));
        }
        var elementType = info.InputType == "float" ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Uint8;
        graph.Input.Add(Value(OnnxModelInfo.InputName, elementType, null, info.Size, info.Size, 3));
        graph.Output.Add(Value(OnnxModelInfo.OutputName, TensorProto.Types.DataType.Float, null, info.Classes.Count));

        var proto = new ModelProto
        {
            IrVersion = 7,
            ProducerName = "Fewshot",
            ProducerVersion = info.FewshotVersion,
            DocString = $"Fewshot image classifier ({info.Backbone}): input '{OnnxModelInfo.InputName}' N×{info.Size}×{info.Size}×3 RGB " +
                        $"{info.InputType} 0–255, output '{OnnxModelInfo.OutputName}' N×{info.Classes.Count} over: {string.Join(", ", info.Classes)}.",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = OnnxModelInfo.Key, Value = info.ToJson() });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "classes", Value = System.Text.Json.JsonSerializer.Serialize(info.Classes) });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "fewshot_version", Value = info.FewshotVersion });
        return proto;
    }

    /// <summary>N×S×S×3 RGB 0–255 → N×3×S×S, (pixel − mean) / std per channel, still in RGB order (the stem's weights are permuted instead).</summary>
    static string Preprocess(OnnxGraphBuilder builder, OnnxModelInfo info)
    {
        var input = info.InputType == "float"
            ? OnnxModelInfo.InputName
            : builder.Node("Cast", [OnnxModelInfo.InputName], Int("to", (long)TensorProto.Types.DataType.Float));
        var planar = builder.Node("Transpose", [input], Ints("perm", 0, 3, 1, 2));
        float[] Rgb(float[] values) => info.ChannelOrder == ChannelOrder.Bgr ? [values[2], values[1], values[0]] : values;
        var centred = builder.Node("Sub", [planar, builder.Weight("input_mean_rgb", Rgb(info.Mean), 1, 3, 1, 1)]);
        return builder.Node("Div", [centred, builder.Weight("input_std_rgb", Rgb(info.Std), 1, 3, 1, 1)]);
    }

    /// <summary>bn1 → dropout → fc1 → relu → bn2 → dropout → fc2 in eval mode: each batch norm is folded into the linear after it.</summary>
    static string Head(OnnxGraphBuilder builder, ModuleWeights weights, string pooled)
    {
        var hidden = builder.Node("Relu", [Linear(builder, weights, "head.layers.bn1", "head.layers.fc1", pooled)]);
        return Linear(builder, weights, "head.layers.bn2", "head.layers.fc2", hidden);
    }

    /// <summary>fc(bn(x)) = W(a∘x + b) + c = (W·diag a) x + (W b + c), with a = γ/√(var+ε), b = β − mean·a; computed in double.</summary>
    static string Linear(OnnxGraphBuilder builder, ModuleWeights weights, string bn, string fc, string input)
    {
        const double epsilon = 1e-5;  // BatchNorm1d's default, as ClassifierHead builds it
        var (gamma, beta, mean, variance) = (weights.Values(bn + ".weight"), weights.Values(bn + ".bias"),
            weights.Values(bn + ".running_mean"), weights.Values(bn + ".running_var"));
        var (w, shape) = weights.Get(fc + ".weight");
        var c = weights.Values(fc + ".bias");
        int outputs = (int)shape[0], inputs = (int)shape[1];
        var scale = new double[inputs];
        var shift = new double[inputs];
        for (int i = 0; i < inputs; i++)
        {
            scale[i] = gamma[i] / Math.Sqrt(variance[i] + epsilon);
            shift[i] = beta[i] - mean[i] * scale[i];
        }
        var foldedW = new float[w.Length];
        var foldedC = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double bias = c[o];
            for (int i = 0; i < inputs; i++)
            {
                foldedW[o * inputs + i] = (float)(w[o * inputs + i] * scale[i]);
                bias += w[o * inputs + i] * shift[i];
            }
            foldedC[o] = (float)bias;
        }
        return builder.Node("Gemm", [input, builder.Weight(fc + ".weight_folded", foldedW, outputs, inputs), builder.Weight(fc + ".bias_folded", foldedC, outputs)],
            Int("transB", 1));
    }
}
