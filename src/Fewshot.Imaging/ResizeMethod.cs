namespace Fewshot.Imaging;

/// <summary>How a W×H image becomes a square of side size.</summary>
public enum ResizeMethod
{
    /// <summary>Scale the short side to size, then keep the centre square.</summary>
    Crop,
    /// <summary>Stretch both sides to size, ignoring the aspect ratio.</summary>
    Squish,
    /// <summary>Fit the whole image inside the square, centred, with black bars.</summary>
    Pad,
}
