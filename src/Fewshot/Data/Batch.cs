namespace Fewshot.Data;

/// <summary>A batch of preprocessed images (N×3×S×S, planar, model channel order) and their labels.</summary>
public sealed record Batch(float[] Pixels, long[] Labels, int[] ItemIndices, int Size)
{
    public int Count => Labels.Length;
}
