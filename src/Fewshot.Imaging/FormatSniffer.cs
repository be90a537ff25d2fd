using System.Text;

namespace Fewshot.Imaging;

/// <summary>Names a file's format from its first bytes, to explain why a decoder refused it.</summary>
internal static class FormatSniffer
{
    public const string Supported = "JPEG, PNG, GIF (first frame), BMP, WebP and ICO";

    /// <summary>A format Skia cannot decode here, or null when the bytes are not a known unsupported format.</summary>
    public static string? UnsupportedFormat(ReadOnlySpan<byte> data)
    {
        if (StartsWith(data, "II*\0") || StartsWith(data, "MM\0*")) return "TIFF";
        if (data.Length >= 12 && StartsWith(data[4..], "ftyp"))
        {
            var brand = Encoding.ASCII.GetString(data.Slice(8, 4));
            return brand switch
            {
                "avif" or "avis" => "AVIF",
                "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1" => "HEIC/HEIF",
                _ => "an ISO media file (video or HEIF/AVIF)",
            };
        }
        if (StartsWith(data, "\0\0\0\fJXL ") || (data.Length >= 2 && data[0] == 0xFF && data[1] == 0x0A)) return "JPEG XL";
        if (StartsWith(data, "8BPS")) return "Photoshop PSD";
        if (StartsWith(data, "%PDF")) return "PDF";
        if (StartsWith(data, "<svg") || StartsWith(data, "<?xml")) return "SVG/XML";
        return null;
    }

    /// <summary>The supported format the bytes claim to be, or null.</summary>
    public static string? ClaimedFormat(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return "JPEG";
        if (StartsWith(data, "\x89PNG\r\n\x1a\n")) return "PNG";
        if (StartsWith(data, "GIF87a") || StartsWith(data, "GIF89a")) return "GIF";
        if (StartsWith(data, "BM")) return "BMP";
        if (StartsWith(data, "RIFF") && data.Length >= 12 && StartsWith(data[8..], "WEBP")) return "WebP";
        return null;
    }

    static bool StartsWith(ReadOnlySpan<byte> data, string latin1)
    {
        if (data.Length < latin1.Length) return false;
        for (var i = 0; i < latin1.Length; i++)
            if (data[i] != (byte)latin1[i]) return false;
        return true;
    }
}
