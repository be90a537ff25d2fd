namespace Fewshot.Imaging;

/// <summary>An image file could not be decoded; the message names the file, the problem and what to do.</summary>
public sealed class ImageLoadException(string path, string message, Exception? inner = null)
    : FewshotException(message, inner)
{
    /// <summary>The file path, or the caller's name for in-memory data.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// The file is an image whose data is damaged (cut short, or less than its header claims) but part of it decodes:
    /// <see cref="DecodeOptions.KeepPartial"/> would use that part.
    /// </summary>
    public bool Damaged { get; init; }
}
