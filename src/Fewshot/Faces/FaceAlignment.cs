namespace Fewshot.Faces;

/// <summary>How a detected face is cut out for the recognition network.</summary>
public enum FaceAlignment
{
    /// <summary>The detector's box plus a margin, as found.</summary>
    Detector,
    /// <summary>The bounding box of the 68 landmarks, padded by a tenth on each side (face-api's aligned box).</summary>
    Landmarks,
    /// <summary>A square turned so the eyes are level and scaled by their distance (<see cref="FaceChip"/>).</summary>
    Chip,
}
