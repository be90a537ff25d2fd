namespace Fewshot.Faces;

/// <summary>A detected face: confidence in [0, 1] and a box in the input image's pixels.</summary>
public readonly record struct FaceBox(float Score, float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union with another box.</summary>
    public float IntersectionOverUnion(FaceBox other)
    {
        var width = Math.Max(0, Math.Min(Right, other.Right) - Math.Max(X, other.X));
        var height = Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y));
        var intersection = width * height;
        var union = Area + other.Area - intersection;
        return union > 0 ? intersection / union : 0;
    }

    /// <summary>The part of the box inside a width × height image.</summary>
    public FaceBox ClipTo(int imageWidth, int imageHeight)
    {
        var left = Math.Clamp(X, 0, imageWidth);
        var top = Math.Clamp(Y, 0, imageHeight);
        var right = Math.Clamp(Right, 0, imageWidth);
        var bottom = Math.Clamp(Bottom, 0, imageHeight);
        return this with { X = left, Y = top, Width = right - left, Height = bottom - top };
    }
}
