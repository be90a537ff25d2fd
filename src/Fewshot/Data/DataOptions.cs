using Fewshot.Imaging;

namespace Fewshot.Data;

/// <summary>How photos become model inputs. Defaults follow fastai's transfer-learning recipe.</summary>
public sealed record DataOptions
{
    /// <summary>The smallest and largest input side accepted, on the command line and the web page alike.</summary>
    public const int MinSize = 32, MaxSize = 1024;

    /// <summary>Square input side in pixels.</summary>
    public int Size { get; init; } = 224;
    public int BatchSize { get; init; } = 16;
    public ResizeMethod Resize { get; init; } = ResizeMethod.Crop;
    /// <summary>Share of each class held out for validation when the folder has no valid/ split.</summary>
    public double ValidPct { get; init; } = 0.2;
    public int Seed { get; init; }
    public AugmentOptions Augment { get; init; } = AugmentOptions.Default;
    /// <summary>Decoded photos are kept at about this multiple of <see cref="Size"/> on their short side.</summary>
    public double DecodeScale { get; init; } = 1.25;
    /// <summary>The short side photos are decoded at: ceil(<see cref="Size"/> × <see cref="DecodeScale"/>).</summary>
    public int DecodeMinSide => ImageLoader.DecodeSide(Size, DecodeScale);
    /// <summary>A photo as decoded (at reduced scale where the format allows) is kept when its short side is at most this
    /// many times the decode side (<see cref="ImageLoader.ReducedScaleSlack"/>); a larger one is shrunk to the decode side.</summary>
    public double DecodeSlack { get; init; } = ImageLoader.ReducedScaleSlack;
    public DecodeOptions Decode { get; init; } = new();
}
