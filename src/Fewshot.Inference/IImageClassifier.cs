using Fewshot.Imaging;

namespace Fewshot.Inference;

/// <summary>
/// A whole-image classifier as batch scoring sees it: the ONNX <see cref="Classifier"/> here, and the
/// TorchSharp predictor of the Fewshot library for .fewshot files.
/// </summary>
public interface IImageClassifier : IDisposable
{
    IReadOnlyList<string> Classes { get; }
    /// <summary>Top probability below which a photo is reported as unknown (0: never).</summary>
    float UnknownThreshold { get; }
    /// <summary>Decode photos with their short side at about this many pixels (as in training) before passing them in.</summary>
    int DecodeMinSide { get; }
    /// <summary>How far above <see cref="DecodeMinSide"/> a decoded photo's short side may stay (ImageLoader's minSideSlack).</summary>
    double DecodeSlack { get; }
    /// <summary>
    /// The photo as the network takes it: resized to the model's square input as in training. <see cref="ClassProbabilities"/>
    /// does this itself; batch scoring calls it while the previous batch runs the network.
    /// </summary>
    RgbImage Fit(RgbImage image);
    /// <summary>Class probabilities of decoded photos of any size; they are resized to the model's input here (photos that
    /// <see cref="Fit"/> returned are used as they are).</summary>
    float[][] ClassProbabilities(IReadOnlyList<RgbImage> images);
}

public static class ImageClassifierExtensions
{
    /// <summary>Classifies decoded photos in one batch.</summary>
    public static IReadOnlyList<Prediction> PredictBatch(this IImageClassifier classifier,
        IReadOnlyList<(RgbImage Image, string Source)> images)
    {
        var probabilities = classifier.ClassProbabilities(images.Select(i => i.Image).ToList());
        return images.Select((image, k) => Prediction.From(image.Source, classifier.Classes, probabilities[k], classifier.UnknownThreshold)).ToList();
    }

    /// <summary>Classifies one decoded photo (ideally decoded at <see cref="IImageClassifier.DecodeMinSide"/>).</summary>
    public static Prediction Predict(this IImageClassifier classifier, RgbImage image, string source = "") =>
        classifier.PredictBatch([(image, source)])[0];
}
