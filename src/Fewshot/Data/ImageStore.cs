using System.Collections.Concurrent;
using Fewshot.Imaging;

namespace Fewshot.Data;

/// <summary>
/// Decodes each file once per run, at reduced scale when the photo is much larger than needed, and keeps
/// the result in memory up to a byte budget. Files that cannot be read are remembered as failures.
/// </summary>
public sealed class ImageStore(int minSide, long budgetBytes = 2L << 30, DecodeOptions? decodeOptions = null,
    Func<string, byte[]>? readFile = null, double minSideSlack = 1)
{
    readonly ConcurrentDictionary<string, Lazy<Entry>> _entries = new();
    long _cachedBytes;

    public int MinSide { get; } = minSide;

    /// <summary>Raised once per file that could not be decoded (thread-safe consumers only).</summary>
    public event Action<ImageLoadException>? Unreadable;

    /// <summary>The decoded image, or null when the file cannot be read (reported once through <see cref="Unreadable"/>).</summary>
    public RgbImage? Get(string path)
    {
        var entry = _entries.GetOrAdd(path, p => new Lazy<Entry>(() => Load(p))).Value;
        if (entry.Image is not null || entry.Error is not null) return entry.Image;
        return Decode(path).Image; // evicted by the budget: decode again without caching
    }

    Entry Load(string path)
    {
        var entry = Decode(path);
        if (entry.Error is not null) { Unreadable?.Invoke(entry.Error); return entry; }
        long size = entry.Image!.Pixels.Length;
        if (Interlocked.Add(ref _cachedBytes, size) > budgetBytes)
        {
            Interlocked.Add(ref _cachedBytes, -size);
            return new Entry(null, null);
        }
        return entry;
    }

    Entry Decode(string path)
    {
        try { return new Entry(ImageLoader.Load(path, readFile ?? File.ReadAllBytes, MinSide, decodeOptions, minSideSlack), null); }
        catch (ImageLoadException e) { return new Entry(null, e); }
    }

    public bool IsReadable(string path) => Get(path) is not null;

    /// <summary>The decoded image, or null with the reason it could not be decoded.</summary>
    public RgbImage? Get(string path, out ImageLoadException? error)
    {
        var image = Get(path);
        error = image is null && _entries.TryGetValue(path, out var entry) ? entry.Value.Error : null;
        return image;
    }

    sealed record Entry(RgbImage? Image, ImageLoadException? Error);
}
