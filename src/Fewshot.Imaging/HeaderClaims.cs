using System.Buffers.Binary;
using System.Globalization;
using SkiaSharp;

namespace Fewshot.Imaging;

/// <summary>
/// Damage a decoder does not report: a header that claims more pixels than the file's data can hold. Decoders fill
/// what is missing (libjpeg with flat grey, and says nothing when the data ends at an end marker), so the file is
/// checked before it is decoded. Only exact lower bounds are used: a file that fails is certainly damaged.
/// </summary>
internal static class HeaderClaims
{
    /// <returns>Why the data cannot hold the picture the header claims, or null when it can (or the format has no such bound).</returns>
    public static string? Exceeded(ReadOnlySpan<byte> data, SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => Jpeg(data),
        SKEncodedImageFormat.Bmp => Bmp(data),
        _ => null,
    };

    /// <summary>
    /// A Huffman-coded JPEG spends at least one bit on each 8×8 block of each component (its DC coefficient's code, in
    /// sequential and progressive files alike); the picture data is everything after the first scan's header.
    /// </summary>
    static string? Jpeg(ReadOnlySpan<byte> data)
    {
        long blocks = 0;
        int width = 0, height = 0;
        for (int i = 2; i + 4 <= data.Length;)
        {
            if (data[i] != 0xFF) return null; // not a marker where one must be: leave the verdict to the decoder
            byte marker = data[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0x01 or 0xD8 or >= 0xD0 and <= 0xD7) { i += 2; continue; } // markers without a length
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (marker is 0xC0 or 0xC1 or 0xC2 && i + 2 + length <= data.Length)
                (width, height, blocks) = FrameBlocks(data.Slice(i + 4, length - 2));
            if (marker == 0xDA)
            {
                long available = data.Length - (i + 2L + length);
                long needed = (blocks + 7) / 8;
                return blocks > 0 && available < needed
                    ? Say($"its header claims {width}×{height} pixels ({blocks:N0} blocks of 8×8), more than its {Math.Max(0, available):N0} bytes of picture data can hold (at least {needed:N0})")
                    : null;
            }
            i += 2 + length;
        }
        return null;
    }

    /// <summary>Width, height and 8×8 blocks of a frame header (SOF0–2): each component's size follows its sampling factors.</summary>
    static (int Width, int Height, long Blocks) FrameBlocks(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 6) return (0, 0, 0);
        int height = BinaryPrimitives.ReadUInt16BigEndian(frame[1..]), width = BinaryPrimitives.ReadUInt16BigEndian(frame[3..]);
        int components = frame[5];
        if (frame.Length < 6 + 3 * components) return (0, 0, 0);
        int maxH = 1, maxV = 1;
        for (int c = 0; c < components; c++)
        {
            maxH = Math.Max(maxH, frame[7 + 3 * c] >> 4);
            maxV = Math.Max(maxV, frame[7 + 3 * c] & 15);
        }
        long blocks = 0;
        for (int c = 0; c < components; c++)
        {
            int h = frame[7 + 3 * c] >> 4, v = frame[7 + 3 * c] & 15;
            long columns = CeilDiv(CeilDiv((long)width * h, maxH), 8), rows = CeilDiv(CeilDiv((long)height * v, maxV), 8);
            blocks += columns * rows;
        }
        return (width, height, blocks);
    }

    /// <summary>An uncompressed BMP's rows take exactly stride × height bytes after the pixel-data offset.</summary>
    static string? Bmp(ReadOnlySpan<byte> data)
    {
        if (data.Length < 34 || BinaryPrimitives.ReadInt32LittleEndian(data[14..]) < 40) return null;
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        long width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]), height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..]));
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
        uint compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
        if (compression is not (0 or 3 or 6) || width < 1 || bits < 1) return null; // run-length coded: no exact bound
        long needed = offset + (width * bits + 31) / 32 * 4 * height;
        return data.Length < needed
            ? Say($"its header claims {width}×{height} pixels of {bits} bits ({needed:N0} bytes with the header), more than the file's {data.Length:N0} bytes hold")
            : null;
    }

    static long CeilDiv(long a, long b) => (a + b - 1) / b;

    static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
