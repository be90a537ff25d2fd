using System.Globalization;
using SkiaSharp;

namespace Fewshot.Imaging;

/// <summary>The work behind <see cref="ImageLoader"/>: header checks, (reduced-scale) decoding, orientation.</summary>
internal static class ImageDecoder
{
    public static RgbImage Decode(byte[] data, string name, int? minSide, DecodeOptions options, double minSideSlack)
    {
        if (minSide is < 1) throw new ArgumentOutOfRangeException(nameof(minSide), minSide, "minSide must be at least 1");
        if (!(minSideSlack >= 1) || double.IsInfinity(minSideSlack))
            throw new ArgumentOutOfRangeException(nameof(minSideSlack), minSideSlack, "minSideSlack must be a finite number of at least 1");
        try
        {
            return DecodeOrThrow(data, name, minSide, options, minSideSlack);
        }
        catch (Exception e) when (e is not ImageLoadException)
        {
            throw new ImageLoadException(name, $"Cannot load image '{name}': decoding failed ({e.Message}).", e);
        }
    }

    static RgbImage DecodeOrThrow(byte[] data, string name, int? minSide, DecodeOptions options, double minSideSlack)
    {
        if (data.Length == 0)
            throw Fail(name, $"the file is empty (0 bytes)", "Re-download or remove it.");

        // The codec takes ownership of the stream, whether or not it succeeds.
        var codec = SKCodec.Create(new SKMemoryStream(data), out var opened);
        if (codec is null) throw Unreadable(data, name, opened);
        using (codec)
        {
            var (width, height) = (codec.Info.Width, codec.Info.Height);
            if (width < 1 || height < 1)
                throw Fail(name, $"its header claims a size of {width}×{height}", "The file is corrupt; re-download or remove it.");
            if ((long)width * height > options.MaxPixels)
                throw Fail(name,
                    $"its header claims {width}×{height} = {(long)width * height:N0} pixels, more than the limit of {options.MaxPixels:N0} (a guard against decompression bombs)",
                    $"If the image is genuine, raise {nameof(DecodeOptions)}.{nameof(DecodeOptions.MaxPixels)} (--max-pixels on the command line).");

            var cutShort = MissingJpegEnd(data, codec.EncodedFormat);
            if (!cutShort && !options.KeepPartial && HeaderClaims.Exceeded(data, codec.EncodedFormat) is { } claim)
                throw Damaged(name, claim);

            var decodeSize = DecodeSize(codec, minSide);
            var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul;
            // No colour space: decode the stored values without colour management, as Pillow does.
            var info = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, alpha);
            if ((long)info.BytesSize64 > Array.MaxLength)
                throw Fail(name, $"{decodeSize.Width}×{decodeSize.Height} is too large to decode in one piece",
                    $"Pass a smaller minSide or shrink the file.");

            var decoded = new SKBitmap(info);
            try
            {
                if (decoded.GetPixels() == IntPtr.Zero)
                    throw Fail(name, $"there is not enough memory to decode {decodeSize.Width}×{decodeSize.Height} pixels", "Free memory or shrink the file.");
                var result = codec.GetPixels(info, decoded.GetPixels());
                CheckResult(result, name, codec.EncodedFormat, options, decoded, cutShort);
                var upright = codec.EncodedOrigin;
                if (minSide is { } side && Math.Min(decoded.Width, decoded.Height) > side * minSideSlack)
                {
                    var (targetWidth, targetHeight) = ShortSideTo(decoded.Width, decoded.Height, side);
                    var smaller = Downscaler.Resize(decoded, targetWidth, targetHeight);
                    decoded.Dispose();
                    decoded = smaller;
                }
                return OrientedCopy.ToRgb(decoded, upright);
            }
            finally
            {
                decoded.Dispose();
            }
        }
    }

    /// <summary>The smallest size the codec can decode natively (JPEG DCT scaling, WebP) whose short side still reaches minSide.</summary>
    internal static SKSizeI DecodeSize(SKCodec codec, int? minSide)
    {
        var full = codec.Info.Size;
        if (minSide is not { } side || Math.Min(full.Width, full.Height) <= side) return full;
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (scaled.Width >= 1 && scaled.Height >= 1 && Math.Min(scaled.Width, scaled.Height) >= side
                && (long)scaled.Width * scaled.Height < (long)full.Width * full.Height)
                return scaled;
        }
        return full;
    }

    static (int Width, int Height) ShortSideTo(int width, int height, int side) =>
        width <= height
            ? (side, Math.Max(1, (int)Math.Round((double)height * side / width)))
            : (Math.Max(1, (int)Math.Round((double)width * side / height)), side);

    /// <summary>A JPEG without its end-of-image marker was cut short (an interrupted download or copy).</summary>
    static bool MissingJpegEnd(byte[] data, SKEncodedImageFormat format) =>
        format == SKEncodedImageFormat.Jpeg && data.AsSpan().TrimEnd((byte)0).LastIndexOf([(byte)0xFF, (byte)0xD9]) < 0;

    static void CheckResult(SKCodecResult result, string name, SKEncodedImageFormat format, DecodeOptions options, SKBitmap decoded,
        bool cutShort)
    {
        switch (result)
        {
            case SKCodecResult.Success when cutShort && !options.KeepPartial:
                throw Damaged(name, $"the {format} data ends without its end marker: the file was cut short");
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput:
                if (AllBlack(decoded))
                    throw Fail(name, $"the {format} data ends before any pixel could be decoded ({result})", "Re-download or remove it.");
                if (!options.KeepPartial)
                    throw Damaged(name, $"the {format} data is truncated or damaged ({result}): only part of the picture decodes");
                return;
            case var _ when cutShort:
                throw Fail(name, $"the {format} data ends early, without its end marker, and cannot be decoded ({result})",
                    "The download or copy was probably cut short: re-download or remove it.");
            default:
                throw Fail(name, $"the {format} decoder failed ({result})", "The file may be corrupt or use an unusual variant; re-save it as JPEG or PNG.");
        }
    }

    /// <summary>True when no colour was decoded: the decoder's fill for missing rows is black.</summary>
    static bool AllBlack(SKBitmap rgba)
    {
        ReadOnlySpan<byte> pixels = rgba.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 4)
            if (pixels[i] != 0 || pixels[i + 1] != 0 || pixels[i + 2] != 0) return false;
        return true;
    }

    static ImageLoadException Unreadable(byte[] data, string name, SKCodecResult opened)
    {
        if (FormatSniffer.UnsupportedFormat(data) is { } unsupported)
            return Fail(name, $"it is {(unsupported.StartsWith("an ") ? unsupported : unsupported + " format")}, which is not supported",
                $"Supported formats are {FormatSniffer.Supported}; convert the file to JPEG or PNG.");
        if (FormatSniffer.ClaimedFormat(data) is { } claimed)
            return Fail(name, $"it starts like a {claimed} file but its header is truncated or corrupt ({opened}, {data.Length:N0} bytes)",
                "Re-download or remove it.");
        return Fail(name, $"it is not a recognised image ({data.Length:N0} bytes of unknown content)",
            $"Supported formats are {FormatSniffer.Supported}; remove the file or convert it.");
    }

    /// <summary>A file only part of which decodes: refused unless <see cref="DecodeOptions.KeepPartial"/>.</summary>
    static ImageLoadException Damaged(string name, FormattableString problem) => Damaged(name, problem.ToString(CultureInfo.InvariantCulture));

    static ImageLoadException Damaged(string name, string problem) =>
        new(name, $"Cannot load image '{name}': {problem}. Re-download or replace it, or pass --keep-partial " +
                  $"({nameof(DecodeOptions)}.{nameof(DecodeOptions.KeepPartial)}) to use the part that decodes.") { Damaged = true };

    static ImageLoadException Fail(string name, FormattableString problem, string remedy) =>
        new(name, $"Cannot load image '{name}': {problem.ToString(CultureInfo.InvariantCulture)}. {remedy}");
}
