namespace Fewshot.Imaging;

/// <summary>Safety limits and policies for decoding untrusted image files.</summary>
/// <param name="MaxPixels">Images whose header claims more pixels than this are refused before any pixel
/// memory is allocated (decompression-bomb guard; the default matches Pillow's MAX_IMAGE_PIXELS).</param>
/// <param name="KeepPartial">Use damaged files for the part that decodes instead of refusing them: pixel data that ends
/// early (the missing rows are black), a JPEG without its end marker, a header that claims more pixels than the data holds
/// (like Pillow's LOAD_TRUNCATED_IMAGES). Off by default: a damaged photo is refused with the reason, never used silently.</param>
public sealed record DecodeOptions(long MaxPixels = 178_956_970, bool KeepPartial = false)
{
    public static DecodeOptions Default { get; } = new();
}
