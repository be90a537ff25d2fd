using Fewshot.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Faces;

/// <summary>A point in an image's pixels.</summary>
public readonly record struct FacePoint(float X, float Y);

/// <summary>
/// face-api's 68-point face landmark network (the iBUG 300-W point order: jaw 0–16, brows 17–26,
/// nose 27–35, eyes 36–47, mouth 48–67), run on a face crop.
/// </summary>
public sealed class FaceLandmark68Net : nn.Module<Tensor, Tensor>
{
    public const int InputSize = 112;
    public const int PointCount = 68;
    const int BatchLimit = 32;
    static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];

    readonly TorchSharp.Modules.ModuleList<DenseBlock> blocks;
    readonly Tensor fcWeight;
    readonly Tensor fcBias;

    FaceLandmark68Net(TfjsWeights w) : base(nameof(FaceLandmark68Net))
    {
        blocks = nn.ModuleList(Enumerable.Range(0, 4).Select(i => new DenseBlock($"dense{i}", w, first: i == 0)).ToArray());
        fcWeight = w.Tensor("fc/weights");
        fcBias = w.Tensor("fc/bias");
        RegisterComponents();
        eval();
    }

    public static FaceLandmark68Net Load(string? modelDirectory = null)
    {
        NativeRuntime.EnsureLoaded();
        var directory = modelDirectory ?? FaceModelStore.ModelDirectory;
        return Models.ChannelsLast.Apply(new FaceLandmark68Net(TfjsWeights.Load(
            Path.Combine(directory, FaceModelStore.FaceLandmark68Model + "-weights_manifest.json"))));
    }

    /// <summary>Normalised input [N, 3, 112, 112] → [N, 136]: (x, y) pairs relative to the padded square.</summary>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var block in blocks) x = block.forward(x);
        x = nn.functional.avg_pool2d(x, kernel_size: 7, stride: 2);
        return x.flatten(1).matmul(fcWeight) + fcBias;
    }

    /// <summary>68 landmarks for each face crop, in that crop's pixels.</summary>
    public IReadOnlyList<FacePoint[]> DetectLandmarks(IReadOnlyList<(byte[] rgb, int width, int height)> faces)
    {
        var result = new List<FacePoint[]>(faces.Count);
        for (var start = 0; start < faces.Count; start += BatchLimit)
        {
            var count = Math.Min(BatchLimit, faces.Count - start);
            float[] output;
            using (NewDisposeScope())
            using (no_grad())
            {
                var plane = 3 * InputSize * InputSize;
                var data = new float[count * plane];
                for (var i = 0; i < count; i++)
                {
                    var (rgb, width, height) = faces[start + i];
                    SquareInput.Fill(data.AsSpan(i * plane, plane), rgb, width, height, InputSize, centred: true, MeanRgb);
                }
                output = forward(tensor(data, [count, 3, InputSize, InputSize])).data<float>().ToArray();
            }
            for (var i = 0; i < count; i++)
                result.Add(ToPixels(output.AsSpan(i * 2 * PointCount, 2 * PointCount), faces[start + i].width, faces[start + i].height));
        }
        return result;
    }

    public FacePoint[] DetectLandmarks(byte[] rgb, int width, int height) => DetectLandmarks([(rgb, width, height)])[0];

    // face-api maps back with half the side difference as padding, not the rounded padding it applied.
    static FacePoint[] ToPixels(ReadOnlySpan<float> relative, int width, int height)
    {
        var scale = (double)InputSize / Math.Max(width, height);
        double scaledWidth = width * scale, scaledHeight = height * scale;
        var padX = width < height ? Math.Abs(scaledWidth - scaledHeight) / 2 : 0;
        var padY = height < width ? Math.Abs(scaledWidth - scaledHeight) / 2 : 0;
        var points = new FacePoint[PointCount];
        for (var i = 0; i < PointCount; i++)
            points[i] = new FacePoint(
                (float)((relative[2 * i] * InputSize - padX) / scaledWidth * width),
                (float)((relative[2 * i + 1] * InputSize - padY) / scaledHeight * height));
        return points;
    }

    /// <summary>
    /// Four convs, each fed the ReLU of the sum of the previous outputs from the first on; the first
    /// halves the size (a plain conv in block 0, depthwise-separable elsewhere).
    /// </summary>
    sealed class DenseBlock : nn.Module<Tensor, Tensor>
    {
        readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> convs;

        public DenseBlock(string prefix, TfjsWeights w, bool first) : base(prefix)
        {
            var layers = new List<nn.Module<Tensor, Tensor>>
            {
                first
                    ? new FoldedConv("conv0", w.ConvFilter(prefix + "/conv0/filters"), w.Tensor(prefix + "/conv0/bias"),
                        stride: 2, tfSame: true)
                    : Separable(w, prefix + "/conv0", stride: 2),
            };
            for (var i = 1; i < 4; i++) layers.Add(Separable(w, $"{prefix}/conv{i}", stride: 1));
            convs = nn.ModuleList(layers.ToArray());
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var first = nn.functional.relu(convs[0].forward(x));
            Tensor? rest = null;
            for (var i = 1; i < convs.Count; i++)
            {
                var output = convs[i].forward(rest is null ? first : nn.functional.relu(first + rest));
                rest = rest is null ? output : rest + output;
            }
            return nn.functional.relu(first + rest!);
        }

        static nn.Module<Tensor, Tensor> Separable(TfjsWeights w, string prefix, long stride)
        {
            var depthwiseFilter = w.DepthwiseFilter(prefix + "/depthwise_filter");
            var channels = depthwiseFilter.shape[0];
            return nn.Sequential(
                ("depthwise", new FoldedConv("depthwise", depthwiseFilter, zeros(channels), stride, groups: channels, tfSame: true)),
                ("pointwise", new FoldedConv("pointwise", w.ConvFilter(prefix + "/pointwise_filter"), w.Tensor(prefix + "/bias"))));
        }
    }
}
