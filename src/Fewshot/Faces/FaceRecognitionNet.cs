using Fewshot.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Faces;

/// <summary>
/// face-api's face recognition network (a port of dlib's ResNet): a face crop → a 128-d identity
/// descriptor, not L2-normalised. Faces of one person lie close together (Euclidean distance).
/// </summary>
public sealed class FaceRecognitionNet : nn.Module<Tensor, Tensor>
{
    public const int InputSize = 150;
    public const int DescriptorLength = 128;
    const int BatchLimit = 32;
    static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];

    readonly FoldedConv stem;
    readonly TorchSharp.Modules.ModuleList<ResidualBlock> blocks;
    readonly Tensor fc;

    FaceRecognitionNet(TfjsWeights w) : base(nameof(FaceRecognitionNet))
    {
        stem = FoldedConv.WithScale("stem", w, "conv32_down", stride: 2, padding: 0);
        var names = new[]
        {
            "conv32_1", "conv32_2", "conv32_3",
            "conv64_down", "conv64_1", "conv64_2", "conv64_3",
            "conv128_down", "conv128_1", "conv128_2",
            "conv256_down", "conv256_1", "conv256_2", "conv256_down_out",
        };
        blocks = nn.ModuleList(names.Select(n => new ResidualBlock(n, w, down: n.Contains("down"))).ToArray());
        fc = w.Tensor("fc");
        RegisterComponents();
        eval();
    }

    /// <summary>Loads the network from the installed face models (see <see cref="FaceModelStore"/>).</summary>
    public static FaceRecognitionNet Load(string? modelDirectory = null)
    {
        NativeRuntime.EnsureLoaded();
        var directory = modelDirectory ?? FaceModelStore.ModelDirectory;
        var weights = TfjsWeights.Load(
            Path.Combine(directory, FaceModelStore.FaceRecognitionModel + "-weights_manifest.json"));
        return Models.ChannelsLast.Apply(new FaceRecognitionNet(weights));
    }

    /// <summary>Normalised input [N, 3, 150, 150] → descriptors [N, 128].</summary>
    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(stem.forward(input));
        x = nn.functional.max_pool2d(x, kernel_size: 3, stride: 2);
        foreach (var block in blocks) x = block.forward(x);
        return x.mean([2, 3]).matmul(fc);
    }

    /// <summary>
    /// Descriptors [N, 128] for whole-image face crops (RGB bytes, row-major), computed in batches.
    /// The caller owns the returned tensor.
    /// </summary>
    public Tensor ComputeDescriptors(IReadOnlyList<(byte[] rgb, int width, int height)> faces)
    {
        if (faces.Count == 0) return zeros(0, DescriptorLength);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (var start = 0; start < faces.Count; start += BatchLimit)
        {
            var count = Math.Min(BatchLimit, faces.Count - start);
            var plane = 3 * InputSize * InputSize;
            var data = new float[count * plane];
            for (var i = 0; i < count; i++)
            {
                var (rgb, width, height) = faces[start + i];
                SquareInput.Fill(data.AsSpan(i * plane, plane), rgb, width, height, InputSize, centred: true, MeanRgb);
            }
            parts.Add(forward(tensor(data, [count, 3, InputSize, InputSize])));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>dlib's residual block; a down block halves the size and its shortcut average-pools.</summary>
    sealed class ResidualBlock : nn.Module<Tensor, Tensor>
    {
        readonly FoldedConv conv1;
        readonly FoldedConv conv2;
        readonly bool _down;

        public ResidualBlock(string prefix, TfjsWeights w, bool down) : base(prefix)
        {
            _down = down;
            conv1 = FoldedConv.WithScale("conv1", w, prefix + "/conv1", stride: down ? 2 : 1, padding: down ? 0 : 1);
            conv2 = FoldedConv.WithScale("conv2", w, prefix + "/conv2", stride: 1, padding: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var y = conv2.forward(nn.functional.relu(conv1.forward(x)));
            var shortcut = x;
            if (_down)
            {
                shortcut = nn.functional.avg_pool2d(x, kernel_size: 2, stride: 2);
                // An unpadded stride-2 conv on an even size comes out one short of the pooled shortcut;
                // face-api appends a zero row (bottom) and column (right).
                var missingRows = shortcut.shape[2] - y.shape[2];
                var missingCols = shortcut.shape[3] - y.shape[3];
                if (missingRows > 0 || missingCols > 0)
                    y = nn.functional.pad(y, [0, missingCols, 0, missingRows]);
                var missingChannels = y.shape[1] - shortcut.shape[1];
                if (missingChannels > 0)
                    shortcut = nn.functional.pad(shortcut, [0, 0, 0, 0, 0, missingChannels]);
            }
            return nn.functional.relu(y + shortcut);
        }
    }
}
