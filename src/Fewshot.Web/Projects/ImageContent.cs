using Fewshot.Imaging;

namespace Fewshot.Web.Projects;

/// <summary>Decides whether uploaded bytes are a photo by decoding them, never by their name.</summary>
public static class ImageContent
{
    /// <summary>Photos are decoded at about this short side to check them: enough to know they are whole.</summary>
    const int CheckSide = 256;

    /// <summary>The photo's short side (at most about <see cref="CheckSide"/>); throws ImageLoadException when it is not a readable image.</summary>
    public static int Check(byte[] data, string displayName)
    {
        var image = ImageLoader.Load(data, displayName, CheckSide);
        return Math.Min(image.Width, image.Height);
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
