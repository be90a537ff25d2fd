using Fewshot.Imaging;
using Fewshot.Tests.Imaging;

namespace Fewshot.Tests.Reliability;

/// <summary>
/// Seeded random mutations of small valid images of every supported format: whatever the bytes, the decoder
/// either returns an image or throws <see cref="ImageLoadException"/>; nothing else escapes, nothing crashes.
/// </summary>
public class DecoderFuzzTests
{
    const int Cases = 3000;
    // Mutated headers may claim large sizes; a low limit keeps the test's memory small.
    static readonly DecodeOptions Limits = new(MaxPixels: 4_000_000);

    static readonly string[] Seeds =
    [
        "halves64.jpg", "exif_orientation6.jpg", "cmyk.jpg", "gray.jpg", "halves.png", "rgb16.png", "rgba.png", "gray.png",
        "animated.gif", "halves.webp", "halves.bmp",
    ];

    [Fact]
    public void Mutated_images_only_ever_fail_with_ImageLoadException()
    {
        var originals = Seeds.Select(name => File.ReadAllBytes(TestImages.Fixture(name)))
            .Append(TestImages.GradientJpeg(96, 64)).ToList();
        var random = new Random(20261128);
        var escaped = new List<string>();
        int decoded = 0, refused = 0;

        for (int i = 0; i < Cases; i++)
        {
            var source = random.Next(originals.Count);
            var data = Mutate(originals[source], random);
            var name = $"case-{i}-of-{(source < Seeds.Length ? Seeds[source] : "gradient.jpg")}";
            try
            {
                var image = ImageLoader.Load(data, name, minSide: random.Next(2) == 0 ? null : 16, options: Limits);
                Assert.True(image.Width > 0 && image.Height > 0 && image.Pixels.Length == image.Width * image.Height * 3, name);
                decoded++;
            }
            catch (ImageLoadException e)
            {
                Assert.Contains(name, e.Message);
                refused++;
            }
            catch (Exception e)
            {
                escaped.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Empty(escaped);
        Assert.True(decoded > 100 && refused > 100, $"mutations too mild or too harsh: {decoded} decoded, {refused} refused");
    }

    static byte[] Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && data.Length > 0; e++)
        {
            int at = random.Next(data.Length);
            switch (random.Next(6))
            {
                case 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: data[at] = (byte)random.Next(256); break;
                case 2: data = data[..at]; break;
                case 3: data = [.. data[..at], .. RandomBytes(random, 1 + random.Next(16)), .. data[at..]]; break;
                case 4: data = [.. data[..at], .. data[Math.Min(data.Length, at + 1 + random.Next(32))..]]; break;
                // Header fields (sizes, lengths) live in the first bytes: hit them hard.
                case 5: data[Math.Min(at, random.Next(Math.Min(64, data.Length)))] = (byte)(random.Next(2) == 0 ? 0xFF : 0x00); break;
            }
        }
        return data;
    }

    static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
