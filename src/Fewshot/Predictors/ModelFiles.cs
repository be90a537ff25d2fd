using Fewshot.Export;
using Fewshot.Inference;
using Fewshot.Runtime;

namespace Fewshot.Predictors;

/// <summary>Which predictor a model file needs: `fewshot predict` and a cluster worker choose the same way.</summary>
public static class ModelFiles
{
    public static bool IsOnnx(string path) => Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>A .fewshot file of people mode (<c>People.PeoplePredictor</c> loads those); only its manifest is read.</summary>
    public static bool IsPeopleModel(string path) =>
        !IsOnnx(path) && ModelFile.ReadManifest(path).Kind == ModelManifest.PeopleKind;

    /// <summary>
    /// A whole-image model: .onnx files on ONNX Runtime (CPU or CUDA, with <paramref name="onnx"/>'s threads), .fewshot
    /// files on TorchSharp (CPU only, in <paramref name="precision"/>).
    /// </summary>
    public static IImageClassifier OpenImageModel(string path, ClassifierOptions onnx, Precision precision = Precision.Auto)
    {
        if (IsOnnx(path)) return Classifier.Load(path, onnx);
        if (onnx.Device == Device.Cuda)
            throw new FewshotException($"--device cuda runs ONNX models only. Export '{path}' with `fewshot export {path} --onnx model.onnx` " +
                                       "and predict with model.onnx.");
        return Predictor.Load(path, onnx.UnknownThreshold, precision);
    }
}
