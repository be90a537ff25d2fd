using Fewshot.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Faces;

/// <summary>
/// face-api's SSD MobileNetV1 face detector: slower than <see cref="TinyFaceDetector"/> but with better
/// recall, and it finds faces that fill the whole frame.
/// </summary>
public sealed class SsdMobileNetV1Detector : nn.Module<Tensor, (Tensor Boxes, Tensor Scores)>
{
    public const int InputSize = 512;
    public const float IouThreshold = 0.5f;
    const double BatchNormEpsilon = 0.0010000000474974513;
    static readonly int[] StridedLayers = [2, 4, 6, 12];

    readonly FoldedConv stem;
    readonly TorchSharp.Modules.ModuleList<FoldedConv> backbone;
    readonly TorchSharp.Modules.ModuleList<FoldedConv> extras;
    readonly TorchSharp.Modules.ModuleList<FoldedConv> boxHeads;
    readonly TorchSharp.Modules.ModuleList<FoldedConv> classHeads;
    readonly Tensor anchors;

    SsdMobileNetV1Detector(TfjsWeights w) : base(nameof(SsdMobileNetV1Detector))
    {
        stem = Pointwise(w, "MobilenetV1/Conv2d_0_pointwise", stride: 2);
        var layers = new List<FoldedConv>();
        for (var i = 1; i <= 13; i++)
        {
            layers.Add(Depthwise(w, $"MobilenetV1/Conv2d_{i}_depthwise", StridedLayers.Contains(i) ? 2 : 1));
            layers.Add(Pointwise(w, $"MobilenetV1/Conv2d_{i}_pointwise", stride: 1));
        }
        backbone = nn.ModuleList(layers.ToArray());
        extras = nn.ModuleList(Enumerable.Range(0, 8)
            .Select(i => Pointwise(w, $"Prediction/Conv2d_{i}_pointwise", stride: i % 2 == 1 ? 2 : 1)).ToArray());
        boxHeads = nn.ModuleList(Enumerable.Range(0, 6)
            .Select(i => Head(w, $"Prediction/BoxPredictor_{i}/BoxEncodingPredictor")).ToArray());
        classHeads = nn.ModuleList(Enumerable.Range(0, 6)
            .Select(i => Head(w, $"Prediction/BoxPredictor_{i}/ClassPredictor")).ToArray());
        anchors = w.Tensor("Output/extra_dim").squeeze(0);
        RegisterComponents();
        eval();
    }

    public static SsdMobileNetV1Detector Load(string? modelDirectory = null)
    {
        NativeRuntime.EnsureLoaded();
        var directory = modelDirectory ?? FaceModelStore.ModelDirectory;
        return Models.ChannelsLast.Apply(new SsdMobileNetV1Detector(TfjsWeights.Load(
            Path.Combine(directory, FaceModelStore.SsdMobileNetV1Model + "-weights_manifest.json"))));
    }

    /// <summary>
    /// Input in [−1, 1], [N, 3, 512, 512] → boxes [N, 5118, 4] as relative (top, left, bottom, right)
    /// of the padded square, and face scores [N, 5118].
    /// </summary>
    public override (Tensor Boxes, Tensor Scores) forward(Tensor input)
    {
        var x = Relu6(stem.forward(input));
        Tensor? conv11 = null;
        for (var i = 0; i < backbone.Count; i++)
        {
            x = Relu6(backbone[i].forward(x));
            if (i == 2 * 11 - 1) conv11 = x;
        }
        var features = new List<Tensor> { conv11!, x };
        var extra = x;
        for (var i = 0; i < extras.Count; i++)
        {
            extra = Relu6(extras[i].forward(extra));
            if (i % 2 == 1) features.Add(extra);
        }
        var encodings = cat(features.Select((f, i) => Cells(boxHeads[i].forward(f), 4)).ToList(), 1);
        var classes = cat(features.Select((f, i) => Cells(classHeads[i].forward(f), 3)).ToList(), 1);
        return (DecodeBoxes(encodings), sigmoid(classes[.., .., 1]));
    }

    /// <summary>
    /// Faces in an RGB image (row-major bytes), best first, boxes in its pixels. As in face-api a box
    /// may reach past the image edge (see <see cref="FaceBox.ClipTo"/>).
    /// </summary>
    public IReadOnlyList<FaceBox> Detect(byte[] rgb, int width, int height, float minConfidence = 0.5f, int maxResults = 100)
    {
        float[] boxes, scores;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var data = new float[3 * InputSize * InputSize];
            SquareInput.Fill(data, rgb, width, height, InputSize, centred: false, [127.5f, 127.5f, 127.5f]);
            // face-api scales by x / 127.5 − 1; Fill gave (x − 127.5) / 255, half of it.
            var (b, s) = forward(tensor(data, [1, 3, InputSize, InputSize]) * 2);
            boxes = b.data<float>().ToArray();
            scores = s.data<float>().ToArray();
        }

        // The image covers round(side × 512 / max side) of the padded square.
        var scale = (double)InputSize / Math.Max(width, height);
        var stretchX = InputSize / Math.Round(width * scale, MidpointRounding.AwayFromZero);
        var stretchY = InputSize / Math.Round(height * scale, MidpointRounding.AwayFromZero);
        var kept = new List<FaceBox>();
        var candidates = Enumerable.Range(0, scores.Length).Where(i => scores[i] > minConfidence)
            .OrderByDescending(i => scores[i]).ThenBy(i => i);
        var selected = new List<FaceBox>();
        foreach (var i in candidates)
        {
            if (selected.Count >= maxResults) break;
            var candidate = new FaceBox(scores[i], boxes[4 * i + 1], boxes[4 * i],
                boxes[4 * i + 3] - boxes[4 * i + 1], boxes[4 * i + 2] - boxes[4 * i]);
            if (selected.Any(s => s.IntersectionOverUnion(candidate) > IouThreshold)) continue;
            selected.Add(candidate);
            var top = Math.Max(0, candidate.Y) * stretchY;
            var bottom = Math.Min(1, candidate.Bottom) * stretchY;
            var left = Math.Max(0, candidate.X) * stretchX;
            var right = Math.Min(1, candidate.Right) * stretchX;
            kept.Add(new FaceBox(candidate.Score, (float)(left * width), (float)(top * height),
                (float)((right - left) * width), (float)((bottom - top) * height)));
        }
        return kept;
    }

    /// <summary>Anchor-relative encodings (ty, tx, th, tw) → (top, left, bottom, right).</summary>
    Tensor DecodeBoxes(Tensor encodings)
    {
        var anchorSize = anchors[.., 2..4] - anchors[.., 0..2];
        var anchorCentre = anchors[.., 0..2] + anchorSize / 2;
        var centre = encodings[.., .., 0..2] / 10 * anchorSize + anchorCentre;
        var half = exp(encodings[.., .., 2..4] / 5) * anchorSize / 2;
        return cat([centre - half, centre + half], 2);
    }

    /// <summary>[N, anchors × k, H, W] → [N, H × W × anchors, k], face-api's cell order.</summary>
    static Tensor Cells(Tensor head, int k) => head.permute(0, 2, 3, 1).reshape(head.shape[0], -1, k);

    static Tensor Relu6(Tensor x) => x.clamp(0, 6);

    static FoldedConv Pointwise(TfjsWeights w, string prefix, long stride) =>
        new(prefix, w.ConvFilter(prefix + "/weights"), w.Tensor(prefix + "/convolution_bn_offset"), stride, tfSame: true);

    static FoldedConv Head(TfjsWeights w, string prefix) =>
        new(prefix, w.ConvFilter(prefix + "/weights"), w.Tensor(prefix + "/biases"));

    /// <summary>Depthwise 3×3 with its batch norm folded in: W·γ/√(σ²+ε), β − μ·γ/√(σ²+ε).</summary>
    static FoldedConv Depthwise(TfjsWeights w, string prefix, long stride)
    {
        using var scope = NewDisposeScope();
        var gamma = w.Tensor(prefix + "/BatchNorm/gamma");
        var scale = gamma / (w.Tensor(prefix + "/BatchNorm/moving_variance") + BatchNormEpsilon).sqrt();
        var weight = w.DepthwiseFilter(prefix + "/depthwise_weights") * scale.view(-1, 1, 1, 1);
        var bias = w.Tensor(prefix + "/BatchNorm/beta") - w.Tensor(prefix + "/BatchNorm/moving_mean") * scale;
        return new FoldedConv(prefix, weight.MoveToOuterDisposeScope(), bias.MoveToOuterDisposeScope(), stride,
            groups: gamma.shape[0], tfSame: true);
    }
}
