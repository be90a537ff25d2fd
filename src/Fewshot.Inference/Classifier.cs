using Fewshot.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace Fewshot.Inference;

/// <summary>
/// Classifies photos with a model exported by <c>fewshot export --onnx</c>, using ONNX Runtime only.
/// Photos go through the same decode (<see cref="ImageLoader"/>) and resize (<see cref="ImageResizer"/>) as in
/// training; channel order, mean and std are applied inside the graph, so predictions match the trained model.
/// </summary>
public sealed class Classifier : IImageClassifier
{
    readonly InferenceSession _session;
    readonly string _path;

    public OnnxModelInfo Info { get; }
    public IReadOnlyList<string> Classes => Info.Classes;
    public int DecodeMinSide => Info.DecodeMinSide;
    public double DecodeSlack => Info.DecodeSlack;
    /// <summary>Top probability below which a photo is reported as unknown (0: never).</summary>
    public float UnknownThreshold { get; set; }

    Classifier(InferenceSession session, OnnxModelInfo info, string path, float unknownThreshold)
    {
        _session = session;
        Info = info;
        _path = path;
        UnknownThreshold = unknownThreshold;
    }

    /// <summary>Opens an exported model. Throws <see cref="FewshotException"/> naming the file and the fix when it cannot.</summary>
    public static Classifier Load(string path, ClassifierOptions? options = null)
    {
        options ??= new ClassifierOptions();
        if (!File.Exists(path))
            throw new FewshotException($"Model file '{path}' does not exist. Export one with `fewshot export MODEL.fewshot --onnx {Path.GetFileName(path)}`.");
        var session = OpenSession(path, options);
        try
        {
            var info = OnnxModelInfo.FromMetadata(session.ModelMetadata.CustomMetadataMap, path);
            // The extension point for other model kinds (people mode: face detection + embeddings + a per-person head):
            // dispatch on info.Kind to their own loader here. This version runs whole-image classifiers only.
            if (info.Kind != OnnxModelInfo.ImageKind)
                throw new FewshotException($"'{path}' is a '{info.Kind}' model; this version of Fewshot.Inference runs '{OnnxModelInfo.ImageKind}' models only. Update Fewshot.Inference.");
            RequireInputMatches(session, info, path);
            return new Classifier(session, info, path, options.UnknownThreshold);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The metadata says how to feed the graph; a file whose graph input disagrees was edited or damaged.</summary>
    static void RequireInputMatches(InferenceSession session, OnnxModelInfo info, string path)
    {
        if (!session.InputMetadata.TryGetValue(OnnxModelInfo.InputName, out var input))
            throw new FewshotException($"'{path}' has no input named '{OnnxModelInfo.InputName}'. Export it again with `fewshot export`.");
        var dims = input.Dimensions;
        var type = input.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float ? "float" : input.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.UInt8 ? "uint8" : "other";
        if (dims.Length != 4 || dims[1] != info.Size || dims[2] != info.Size || dims[3] != 3 || type != info.InputType)
            throw new FewshotException($"'{path}' is inconsistent: its metadata says {info.Size}×{info.Size}×3 {info.InputType} input, its graph takes " +
                                       $"[{string.Join("×", dims)}] {type}. Export it again with `fewshot export`.");
    }

    static InferenceSession OpenSession(string path, ClassifierOptions options)
    {
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, options.IntraOpThreads),
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Idle threads must sleep, not spin: other work (image decoding, libtorch) shares the cores.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (options.Device == Device.Cuda)
        {
            try { sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId); }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new FewshotException(
                    $"Cannot use the CUDA device {options.DeviceId} for '{path}': {e.Message.Trim().TrimEnd('.')}. " +
                    "GPU inference needs the Microsoft.ML.OnnxRuntime.Gpu package (instead of Microsoft.ML.OnnxRuntime), " +
                    "an NVIDIA driver, CUDA 12 and cuDNN 9. Use --device cpu otherwise.", e);
            }
        }
        try { return new InferenceSession(path, sessionOptions); }
        catch (OnnxRuntimeException e)
        {
            throw new FewshotException($"'{path}' is not a usable ONNX model ({e.Message.Trim().TrimEnd('.')}). Export it again with `fewshot export`.", e);
        }
    }

    public Prediction Predict(string imagePath) => this.Predict(ImageLoader.Load(imagePath, DecodeMinSide, minSideSlack: DecodeSlack), imagePath);

    /// <param name="name">How messages and the prediction refer to this photo.</param>
    public Prediction Predict(Stream stream, string name = "(stream)") => this.Predict(ImageLoader.Load(stream, name, DecodeMinSide, minSideSlack: DecodeSlack), name);

    /// <param name="name">How messages and the prediction refer to this photo.</param>
    public Prediction Predict(byte[] data, string name = "(bytes)") => this.Predict(ImageLoader.Load(data, name, DecodeMinSide, minSideSlack: DecodeSlack), name);



    public RgbImage Fit(RgbImage image) => ImageResizer.Fit(image, Info.Size, Info.Resize);

    public float[][] ClassProbabilities(IReadOnlyList<RgbImage> images)
    {
        if (images.Count == 0) return [];
        int size = Info.Size, pixelsPerImage = size * size * 3;
        var pixels = new byte[images.Count * pixelsPerImage];
        Parallel.For(0, images.Count, k => Fit(images[k]).Pixels.AsSpan(0, pixelsPerImage).CopyTo(pixels.AsSpan(k * pixelsPerImage)));
        long[] shape = [images.Count, size, size, 3];
        using var input = Info.InputType == "float"
            ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(pixels, p => (float)p), shape)
            : OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [OnnxModelInfo.InputName], [input], [OnnxModelInfo.OutputName]);
        var flat = outputs[0].GetTensorDataAsSpan<float>();
        int n = Classes.Count;
        if (flat.Length != images.Count * n)
            throw new FewshotException($"'{_path}' returned {flat.Length} values for {images.Count} photos of {n} classes. Export it again with `fewshot export`.");
        var result = new float[images.Count][];
        for (int k = 0; k < images.Count; k++) result[k] = flat.Slice(k * n, n).ToArray();
        return result;
    }

    public void Dispose() => _session.Dispose();
}
