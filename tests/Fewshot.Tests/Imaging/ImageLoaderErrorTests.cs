using System.IO.Compression;
using System.Text;
using Fewshot.Imaging;
using static Fewshot.Tests.Imaging.TestImages;

namespace Fewshot.Tests.Imaging;

public class ImageLoaderErrorTests
{
    [Fact]
    public void Pipes_and_devices_are_refused_without_being_opened()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "makes a named pipe and a link to /dev/zero");
        var folder = Directory.CreateTempSubdirectory("fewshot-special-");
        try
        {
            var pipe = Path.Combine(folder.FullName, "pipe.jpg");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe)) mkfifo.WaitForExit();
            var zero = Path.Combine(folder.FullName, "zero.jpg");
            File.CreateSymbolicLink(zero, "/dev/zero");

            // Opening the pipe would block until a writer came; reading /dev/zero would never end.
            foreach (var path in new[] { pipe, zero })
                Assert.Contains("not a regular file", Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path)).Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Empty_file_is_refused_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fewshot-empty-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, []);
        try
        {
            var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
            Assert.Equal(path, error.Path);
            Assert.Contains(path, error.Message);
            Assert.Contains("empty", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Random_bytes_are_refused_naming_the_data()
    {
        var junk = new byte[1000];
        new Random(7).NextBytes(junk);

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(junk, "junk.jpg"));

        Assert.Contains("junk.jpg", error.Message);
        Assert.Contains("not a recognised image", error.Message);
    }

    [Fact]
    public void Header_truncated_jpeg_is_refused()
    {
        var data = File.ReadAllBytes(Fixture("halves64.jpg"))[..40];

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(data, "cut.jpg"));

        Assert.Contains("cut.jpg", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Body_truncated_jpeg_is_refused_unless_kept_partially_by_option()
    {
        var whole = GradientJpeg(256, 192);
        var data = whole[..(whole.Length / 2)];

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(data, "half.jpg"));
        Assert.Contains("half.jpg", error.Message);
        Assert.Contains(nameof(DecodeOptions.KeepPartial), error.Message);
        var partial = ImageLoader.Load(data, "half.jpg", options: new DecodeOptions(KeepPartial: true));
        Assert.Equal((256, 192), (partial.Width, partial.Height));
    }

    [Fact]
    public void Jpeg_cut_right_after_its_header_is_refused_not_returned_black()
    {
        var whole = GradientJpeg(256, 192);
        var startOfScan = whole.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        var data = whole[..(startOfScan + 20)];

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(data, "headeronly.jpg"));

        Assert.Contains("headeronly.jpg", error.Message);
        Assert.Contains("before any pixel", error.Message);
    }

    [Fact]
    public void Tiff_is_refused_listing_supported_formats()
    {
        var path = Fixture("halves.tiff");

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("TIFF", error.Message);
        Assert.Contains("JPEG, PNG", error.Message);
    }

    [Fact]
    public void Heic_is_refused_by_name()
    {
        var data = new byte[64];
        Encoding.ASCII.GetBytes("ftypheic").CopyTo(data, 4);

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(data, "IMG_0001.HEIC"));

        Assert.Contains("HEIC", error.Message);
    }

    [Fact]
    public void Directory_and_missing_file_are_refused()
    {
        var directory = Path.GetTempPath();
        var missing = Path.Combine(directory, $"fewshot-missing-{Guid.NewGuid():N}.png");

        Assert.Contains("directory", Assert.Throws<ImageLoadException>(() => ImageLoader.Load(directory)).Message);
        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(missing));
        Assert.Contains(missing, error.Message);
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Fact]
    public void Decompression_bomb_header_is_refused_before_allocating()
    {
        var bomb = PngClaiming(100_000, 100_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(bomb, "bomb.png"));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("bomb.png", error.Message);
        Assert.Contains("10,000,000,000 pixels", error.Message);
        Assert.Contains(nameof(DecodeOptions.MaxPixels), error.Message);
    }

    [Fact]
    public void Pixel_limit_is_configurable()
    {
        var path = Fixture("halves.png");

        Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path, options: new DecodeOptions(MaxPixels: 100)));
        Assert.Equal(16, ImageLoader.Load(path, options: new DecodeOptions(MaxPixels: 128)).Width);
    }

    /// <summary>A valid PNG whose IHDR claims width×height RGB pixels, with a tiny IDAT.</summary>
    internal static byte[] PngClaiming(int width, int height)
    {
        var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, (uint)width);
        WriteBigEndian(header, 4, (uint)height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        WriteChunk(output, "IHDR", header);
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(new byte[1 + 3 * 16]);
        WriteChunk(output, "IDAT", compressed.ToArray());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    static void WriteChunk(Stream output, string kind, byte[] data)
    {
        var buffer = new byte[12 + data.Length];
        WriteBigEndian(buffer, 0, (uint)data.Length);
        Encoding.ASCII.GetBytes(kind).CopyTo(buffer, 4);
        data.CopyTo(buffer, 8);
        WriteBigEndian(buffer, 8 + data.Length, Crc32(buffer.AsSpan(4, 4 + data.Length)));
        output.Write(buffer);
    }

    static void WriteBigEndian(byte[] buffer, int offset, uint value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), value);

    static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
