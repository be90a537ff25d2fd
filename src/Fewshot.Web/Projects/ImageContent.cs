using System.Runtime.InteropServices;
using Fewshot.Imaging;
using SkiaSharp;

namespace Fewshot.Web.Projects;

/// <summary>
/// Decides whether uploaded bytes are a photo by decoding them, never by their name, within a bounded amount of memory:
/// at most <see cref="ConcurrentDecodes"/> photos are decoded at once, each at reduced scale where the format allows (JPEG,
/// WebP), and a photo too large for that (a 13000×13000 PNG would take 640 MB) is decoded through to its last rows
/// while only a band of rows is kept.
/// </summary>
public static class ImageContent
{
    /// <summary>Photos are decoded at about this short side to check them: enough to know they are whole.</summary>
    const int CheckSide = 256;
    /// <summary>Photos that would decode to more pixels than this (64 MB of RGBA) are checked band by band.</summary>
    const long WholeDecodePixels = 16_000_000;
    const int BandRows = 16;
    const int ConcurrentDecodes = 2;

    static readonly SemaphoreSlim Decodes = new(ConcurrentDecodes);
    /// <summary>A large photo that cannot be checked band by band (an interlaced PNG, a GIF) is decoded whole, one at a time.</summary>
    static readonly Lock WholeLargeDecode = new();

    /// <summary>The photo's short side (at most about <see cref="CheckSide"/>); throws ImageLoadException when it is not a readable image.</summary>
    public static int Check(byte[] data, string displayName)
    {
        Decodes.Wait();
        try
        {
            return CheckNow(data, displayName);
        }
        finally
        {
            Decodes.Release();
        }
    }

    static int CheckNow(byte[] data, string name)
    {
        using (var codec = SKCodec.Create(new SKMemoryStream(data)))
        {
            // Unreadable headers, and headers that claim too many pixels, are refused by the loader before it decodes anything.
            if (codec is not null && DecodePixels(codec) > WholeDecodePixels && codec.Info.Width * (long)codec.Info.Height <= DecodeOptions.Default.MaxPixels)
            {
                if (CheckInBands(codec, name)) return Math.Min(CheckSide, Math.Min(codec.Info.Width, codec.Info.Height));
                lock (WholeLargeDecode) return ShortSide(data, name);
            }
        }
        return ShortSide(data, name);
    }

    static int ShortSide(byte[] data, string name)
    {
        var image = ImageLoader.Load(data, name, CheckSide);
        return Math.Min(image.Width, image.Height);
    }

    /// <summary>The pixels the loader would decode: the smallest native scale whose short side still reaches <see cref="CheckSide"/>.</summary>
    static long DecodePixels(SKCodec codec)
    {
        var smallest = codec.Info.Size;
        for (var eighths = 7; eighths >= 1; eighths--)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Min(scaled.Width, scaled.Height) >= CheckSide && (long)scaled.Width * scaled.Height < (long)smallest.Width * smallest.Height)
                smallest = scaled;
        }
        return (long)smallest.Width * smallest.Height;
    }

    /// <summary>
    /// Decodes the whole photo, keeping only its last <see cref="BandRows"/> rows (the decoder still reads every row to
    /// reach them): true when it decodes to the end, false when the codec cannot decode this way. Damage throws.
    /// </summary>
    static bool CheckInBands(SKCodec codec, string name)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var band = Math.Min(BandRows, height);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rows = GCHandle.Alloc(new byte[info.RowBytes * band], GCHandleType.Pinned);
        try
        {
            var options = new SKCodecOptions(new SKRectI(0, height - band, width, height));
            if (codec.StartIncrementalDecode(info, rows.AddrOfPinnedObject(), info.RowBytes, options) != SKCodecResult.Success) return false;
            var result = codec.IncrementalDecode();
            return result switch
            {
                SKCodecResult.Success => true,
                SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => throw new ImageLoadException(name,
                    $"Cannot load image '{name}': the {codec.EncodedFormat} data is truncated or damaged ({result}): only part of the " +
                    "picture decodes. Re-download or replace it.") { Damaged = true },
                _ => false,
            };
        }
        finally
        {
            rows.Free();
        }
    }

    /// <summary>The MIME type to serve a stored photo with, from its first bytes.</summary>
    public static string MimeType(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])) return "image/png";
        if (head.StartsWith("GIF8"u8)) return "image/gif";
        if (head.StartsWith("BM"u8)) return "image/bmp";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (head.Length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0) return "image/x-icon";
        return "application/octet-stream";
    }
}
