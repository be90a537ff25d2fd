namespace Fewshot.Faces;

/// <summary>A square region of a photo turned by <see cref="Angle"/> radians about its centre.</summary>
public readonly record struct RotatedSquare(float CentreX, float CentreY, float Side, float Angle)
{
    /// <summary>The square with its side scaled and its centre moved by the given shares of the side.</summary>
    public RotatedSquare Jittered(float scale, float shiftX, float shiftY) =>
        this with { CentreX = CentreX + shiftX * Side, CentreY = CentreY + shiftY * Side, Side = Side * scale };
}
