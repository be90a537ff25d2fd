using System.Buffers.Binary;
using System.IO.Compression;
using Fewshot.Imaging;

namespace Fewshot.Data;

/// <summary>Reads Fashion-MNIST's IDX files (Debian package dataset-fashion-mnist) as RGB images.</summary>
public static class FashionMnist
{
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";
    public static readonly IReadOnlyList<string> ClassNames =
        ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"];

    public static (List<RgbImage> Images, List<int> Labels) Load(string folder, bool train)
    {
        var prefix = train ? "train" : "t10k";
        var images = Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz");
        var labels = Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz");
        if (!File.Exists(images) || !File.Exists(labels))
            throw new FewshotException($"Fashion-MNIST is not in '{folder}'. Install it with `sudo apt-get install dataset-fashion-mnist` " +
                                       "(Debian/Ubuntu) or pass --data with the folder holding its .gz files.");
        return (ReadImages(images), ReadLabels(labels));
    }

    static byte[] ReadAll(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        return memory.ToArray();
    }

    static List<RgbImage> ReadImages(string path)
    {
        var bytes = ReadAll(path);
        if (BinaryPrimitives.ReadInt32BigEndian(bytes) != 2051) throw new FewshotException($"'{path}' is not an IDX image file.");
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        int cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        var result = new List<RgbImage>(count);
        for (int i = 0; i < count; i++)
        {
            var gray = bytes.AsSpan(16 + i * rows * cols, rows * cols);
            var rgb = new byte[rows * cols * 3];
            for (int p = 0; p < gray.Length; p++) rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = gray[p];
            result.Add(new RgbImage(cols, rows, rgb));
        }
        return result;
    }

    static List<int> ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        if (BinaryPrimitives.ReadInt32BigEndian(bytes) != 2049) throw new FewshotException($"'{path}' is not an IDX label file.");
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        return bytes.AsSpan(8, count).ToArray().Select(b => (int)b).ToList();
    }

    /// <summary>Picks <paramref name="perClass"/> indices of each class with a seeded draw.</summary>
    public static List<int> SamplePerClass(IReadOnlyList<int> labels, int perClass, int seed)
    {
        var random = new Random(seed);
        return labels.Select((label, index) => (label, index))
            .GroupBy(x => x.label).OrderBy(g => g.Key)
            .SelectMany(g => g.Select(x => x.index).OrderBy(_ => random.Next()).Take(perClass))
            .ToList();
    }
}
