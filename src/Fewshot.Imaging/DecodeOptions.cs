namespace Fewshot.Imaging;

/// <summary>Safety limits and policies for decoding untrusted image files.</summary>
/// <param name="MaxPixels">Images whose header claims more pixels than this are refused before any pixel
/// memory is allocated (decompression-bomb guard; the default matches Pillow's MAX_IMAGE_PIXELS).</param>
/// <param name="AcceptTruncated">When a file's pixel data ends early, keep what decoded (the missing
/// rows are black) instead of refusing the file; like Pillow's LOAD_TRUNCATED_IMAGES, which web-scraped data often needs.</param>
public sealed record DecodeOptions(long MaxPixels = 178_956_970, bool AcceptTruncated = true)
{
    public static DecodeOptions Default { get; } = new();
}
