using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Fewshot.Tests.Web;

/// <summary>What uploads of very large photos cost the server in memory.</summary>
public sealed class WebUploadMemoryTests
{
    const int Side = 13_000;
    const long OneGigabyte = 1L << 30;

    [Fact]
    public async Task SixConcurrentUploadsOf13000PixelPngs_KeepTheServerUnder1GBAboveIdle()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "reads the peak resident memory from /proc/self/status");
        var photos = Enumerable.Range(0, 6).Select(i => LargePng(Side, (byte)(40 * i))).ToArray();
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        client.Timeout = TimeSpan.FromMinutes(5);
        var id = await client.CreateProjectAsync("Large photos", "large");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var idle = ResidentBytes();
        ResetPeak();
        var responses = await Task.WhenAll(photos.Select((png, i) => client.UploadAsync(id, "large", ($"large-{i}.png", png))));
        var peak = PeakResidentBytes();

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"six uploads of {Side}×{Side} PNGs: peak {(peak - idle) >> 20} MB above idle ({idle >> 20} MB)");
        Assert.True(peak - idle < OneGigabyte, $"the server's memory rose {(peak - idle) >> 20} MB above idle ({idle >> 20} MB)");
        var stored = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("classes")[0].GetProperty("images");
        Assert.Equal(6, stored.GetArrayLength());
    }

    [Fact]
    public async Task ALargePngCutShort_IsRejectedAsDamaged()
    {
        var png = LargePng(Side, 0);
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Damaged", "large");

        var response = await client.UploadAsync(id, "large", ("cut.png", png[..(png.Length / 2)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reason = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected").EnumerateArray())
            .GetProperty("reason").GetString();
        Assert.Contains("truncated or damaged", reason);
    }

    /// <summary>A side×side RGB PNG written row by row (a few MB, as flat pictures compress), without ever holding its pixels.</summary>
    static byte[] LargePng(int side, byte tint)
    {
        var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            var first = new byte[1 + 3 * side];
            for (int x = 0; x < side; x++) (first[1 + 3 * x], first[2 + 3 * x], first[3 + 3 * x]) = ((byte)x, tint, (byte)(x / 51));
            zlib.Write(first);
            var same = new byte[1 + 3 * side];
            same[0] = 2; // PNG's "Up" filter with zero differences: each row repeats the one above
            for (int y = 1; y < side; y++) zlib.Write(same);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.HashToUInt32(typeAndData));
        png.Write(number);
    }

    static long ResidentBytes() => StatusKilobytes("VmRSS") * 1024;
    static long PeakResidentBytes() => StatusKilobytes("VmHWM") * 1024;

    /// <summary>Starts the peak (VmHWM) again from the current resident size (Linux: "5" to clear_refs).</summary>
    static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    static long StatusKilobytes(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
