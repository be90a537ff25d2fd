using Fewshot.Imaging;

namespace Fewshot.Inference;

/// <summary>
/// A whole-image classifier as batch scoring sees it: the ONNX <see cref="Classifier"/> here, and the
/// TorchSharp predictor of the Fewshot library for .fewshot files.
/// </summary>
public interface IImageClassifier : IDisposable
{
    IReadOnlyList<string> Classes { get; }
    /// <summary>Decode photos with their short side at about this many pixels (as in training) before passing them in.</summary>
    int DecodeMinSide { get; }
    /// <summary>Class probabilities of decoded photos of any size; they are resized to the model's input here.</summary>
    float[][] ClassProbabilities(IReadOnlyList<RgbImage> images);
}
