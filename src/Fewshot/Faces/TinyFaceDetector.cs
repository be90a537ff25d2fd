using Fewshot.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Faces;

/// <summary>
/// face-api's tiny face detector (Tiny YOLO v2 with depthwise-separable convs): fast, but it misses
/// faces that fill the whole frame; callers should fall back to the whole image there.
/// </summary>
public sealed class TinyFaceDetector : nn.Module<Tensor, Tensor>
{
    public const float IouThreshold = 0.4f;
    const int Anchors = 5;
    const int BoxEncoding = 5;
    static readonly float[] MeanRgb = [117.001f, 114.697f, 97.404f];
    static readonly (double W, double H)[] AnchorSizes =
    [
        (1.603231, 2.094468), (6.041143, 7.080126), (2.882459, 3.518061), (4.266906, 5.178857), (9.041765, 10.66308),
    ];

    readonly FoldedConv conv0;
    readonly TorchSharp.Modules.ModuleList<SeparableConv> separable;
    readonly FoldedConv conv8;

    TinyFaceDetector(TfjsWeights w) : base(nameof(TinyFaceDetector))
    {
        conv0 = new FoldedConv("conv0", w.ConvFilter("conv0/filters"), w.Tensor("conv0/bias"));
        separable = nn.ModuleList(Enumerable.Range(1, 5).Select(i => new SeparableConv($"conv{i}", w)).ToArray());
        conv8 = new FoldedConv("conv8", w.ConvFilter("conv8/filters"), w.Tensor("conv8/bias"));
        RegisterComponents();
        eval();
    }

    public static TinyFaceDetector Load(string? modelDirectory = null)
    {
        NativeRuntime.EnsureLoaded();
        var directory = modelDirectory ?? FaceModelStore.ModelDirectory;
        return Models.ChannelsLast.Apply(new TinyFaceDetector(TfjsWeights.Load(
            Path.Combine(directory, FaceModelStore.TinyFaceDetectorModel + "-weights_manifest.json"))));
    }

    /// <summary>Normalised input [N, 3, S, S] → raw grid [N, 25, S/32, S/32] (5 anchors × tx, ty, tw, th, score).</summary>
    public override Tensor forward(Tensor input)
    {
        // Leaky ReLU is monotonic, so pooling first gives the same values on a quarter of the elements.
        var x = nn.functional.leaky_relu(MaxPoolSame(conv0.forward(input)), 0.1);
        for (var i = 0; i < separable.Count; i++)
        {
            x = separable[i].forward(x);
            if (i < separable.Count - 1) x = MaxPoolSame(x);
        }
        // A 2×2 stride-1 'same' max-pool pads bottom/right; replicated edges never change a max.
        x = nn.functional.max_pool2d(nn.functional.pad(x, [0, 1, 0, 1], PaddingModes.Replicate), kernel_size: 2, stride: 1);
        return conv8.forward(x);
    }

    /// <summary>
    /// TF 'same' 2×2 stride-2 max-pool: odd sizes get a bottom/right pad that never wins (a replicated
    /// edge). The max of four strided views is several times faster here than libtorch's max_pool2d.
    /// </summary>
    static Tensor MaxPoolSame(Tensor x)
    {
        using var scope = NewDisposeScope();
        var padded = x.shape[2] % 2 == 1 || x.shape[3] % 2 == 1
            ? nn.functional.pad(x, [0, x.shape[3] % 2, 0, x.shape[2] % 2], PaddingModes.Replicate)
            : x;
        var even = TensorIndex.Slice(0, null, 2);
        var odd = TensorIndex.Slice(1, null, 2);
        var top = maximum(padded[.., .., even, even], padded[.., .., even, odd]);
        var bottom = maximum(padded[.., .., odd, even], padded[.., .., odd, odd]);
        return maximum(top, bottom).MoveToOuterDisposeScope();
    }

    /// <summary>The raw output for one image, laid out as face-api's [1, cells, cells, 25].</summary>
    public Tensor RawOutput(byte[] rgb, int width, int height, int inputSize = 416)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var data = new float[3 * inputSize * inputSize];
        SquareInput.Fill(data, rgb, width, height, inputSize, centred: false, MeanRgb);
        var raw = forward(tensor(data, [1, 3, inputSize, inputSize]));
        return raw.permute(0, 2, 3, 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Faces in an RGB image (row-major bytes), best first, boxes in its pixels. As in face-api a box
    /// may reach past the image edge (see <see cref="FaceBox.ClipTo"/>).
    /// </summary>
    public IReadOnlyList<FaceBox> Detect(byte[] rgb, int width, int height, float scoreThreshold = 0.5f, int inputSize = 416)
    {
        if (inputSize <= 0 || inputSize % 32 != 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "must be a positive multiple of 32");
        float[] raw;
        using (var output = RawOutput(rgb, width, height, inputSize)) raw = output.data<float>().ToArray();
        return NonMaxSuppression.Apply(Decode(raw, inputSize / 32, width, height, inputSize, scoreThreshold), IouThreshold);
    }

    /// <summary>Boxes above the threshold from a raw [cells, cells, 5 × 5] grid, in image pixels.</summary>
    static List<FaceBox> Decode(float[] raw, int cells, int width, int height, int inputSize, float scoreThreshold)
    {
        // Cells span the padded square; the image covers round(side × inputSize / max side) of it.
        var scale = (double)inputSize / Math.Max(width, height);
        var correctionX = inputSize / Math.Round(width * scale, MidpointRounding.AwayFromZero);
        var correctionY = inputSize / Math.Round(height * scale, MidpointRounding.AwayFromZero);
        var boxes = new List<FaceBox>();
        for (var row = 0; row < cells; row++)
            for (var col = 0; col < cells; col++)
                for (var anchor = 0; anchor < Anchors; anchor++)
                {
                    var at = ((row * cells + col) * Anchors + anchor) * BoxEncoding;
                    var score = Sigmoid(raw[at + 4]);
                    if (score <= scoreThreshold) continue;
                    var centreX = (col + Sigmoid(raw[at])) / cells * correctionX;
                    var centreY = (row + Sigmoid(raw[at + 1])) / cells * correctionY;
                    var boxWidth = Math.Exp(raw[at + 2]) * AnchorSizes[anchor].W / cells * correctionX;
                    var boxHeight = Math.Exp(raw[at + 3]) * AnchorSizes[anchor].H / cells * correctionY;
                    boxes.Add(new FaceBox((float)score,
                        (float)((centreX - boxWidth / 2) * width), (float)((centreY - boxHeight / 2) * height),
                        (float)(boxWidth * width), (float)(boxHeight * height)));
                }
        return boxes;
    }

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Pad 1, 3×3 depthwise, 1×1 pointwise with bias, leaky ReLU.</summary>
    sealed class SeparableConv : nn.Module<Tensor, Tensor>
    {
        readonly FoldedConv depthwise;
        readonly FoldedConv pointwise;

        public SeparableConv(string prefix, TfjsWeights w) : base(prefix)
        {
            var depthwiseFilter = w.DepthwiseFilter($"{prefix}/depthwise_filter");
            var channels = depthwiseFilter.shape[0];
            depthwise = new FoldedConv("depthwise", depthwiseFilter, zeros(channels), padding: 1, groups: channels);
            pointwise = new FoldedConv("pointwise", w.ConvFilter($"{prefix}/pointwise_filter"), w.Tensor($"{prefix}/bias"));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) =>
            nn.functional.leaky_relu(pointwise.forward(depthwise.forward(x)), 0.1);
    }
}
