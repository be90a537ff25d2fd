using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Fewshot.Imaging;

namespace Fewshot.Evaluation.DataCheck;

/// <summary>
/// Looks at a dataset folder before training: unreadable and tiny files, exact and near-duplicate photos
/// (across splits, across classes), class imbalance, classes found in one split only, and the photos least
/// like the rest of their class.
/// </summary>
public static class DataChecker
{
    public static DataCheckReport Run(string root, DataCheckOptions? options = null, Action<string, int, int>? progress = null,
        CancellationToken cancel = default)
    {
        options ??= new DataCheckOptions();
        var files = DataFolderListing.List(root, out var classFolders);
        var findings = new List<DataCheckFinding>();
        var decoded = Decode(files, options, findings, progress, cancel);
        var images = decoded.Select(d => d.Image).ToList();

        foreach (var image in images.Where(i => DataCheckRules.IsTiny(Math.Min(i.Width, i.Height), options.TinySide)))
            findings.Add(new DataCheckFinding(FindingKind.Tiny,
                $"'{image.Path}' is only {image.Width}×{image.Height} pixels (under {options.TinySide}): probably an icon or placeholder, not a photo.",
                [image.Path]));
        var readable = decoded.Select(d => (d.Image.Path, d.Image.Split, d.Image.Class)).ToList();
        findings.AddRange(EmptyClassFindings(classFolders, readable));
        findings.AddRange(SplitFindings(readable, options));

        float[]? embeddings = null, rawUnit = null;
        int dimension = 0;
        if (options.UseEmbeddings && decoded.Count > 0)
        {
            var raw = FrozenFeatures.Embed(decoded.Select(d => d.Pixels).ToList(), options.Backbone, options.Size, out dimension,
                (done, total) => progress?.Invoke("embedding", done, total), cancel);
            embeddings = UnitRows(raw, dimension, centre: true);
            rawUnit = UnitRows(raw, dimension, centre: false);
        }
        var duplicates = Duplicates(decoded, embeddings, dimension, options);
        foreach (var pair in duplicates)
            findings.Add(new DataCheckFinding(pair.Identical ? FindingKind.ExactDuplicate : FindingKind.NearDuplicate,
                DuplicateMessage(pair), [pair.A.Path, pair.B.Path]));
        var atypical = rawUnit is null ? [] : Atypical(images, rawUnit, dimension, options.AtypicalPerClass);
        return new DataCheckReport(root, images, findings, duplicates, atypical);
    }

    sealed record Decoded(CheckedImage Image, RgbImage Pixels, ulong Hash, string Sha256);

    static List<Decoded> Decode(List<(string Path, string Split, string Class)> files, DataCheckOptions options,
        List<DataCheckFinding> findings, Action<string, int, int>? progress, CancellationToken cancel)
    {
        var results = new Decoded?[files.Count];
        var errors = new ConcurrentBag<(int Index, string Message, bool Damaged)>();
        int done = 0;
        // Decoded as training decodes photos of this size.
        var decode = new Data.DataOptions { Size = options.Size };
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (path, split, cls) = files[i];
            try
            {
                var bytes = ImageLoader.ReadFile(path);
                var image = options.Decoded is null ? ImageLoader.Load(bytes, path, decode.DecodeMinSide, minSideSlack: decode.DecodeSlack)
                    : options.Decoded.Get(path, out var error) ?? throw error ?? new ImageLoadException(path, $"'{path}' could not be decoded.");
                results[i] = new Decoded(new CheckedImage(path, split, cls, image.Width, image.Height), image,
                    PerceptualHash.Compute(image), Convert.ToHexString(SHA256.HashData(bytes)));
            }
            catch (Exception e) when (e is ImageLoadException or IOException or UnauthorizedAccessException)
            {
                errors.Add((i, e is ImageLoadException ? e.Message : $"Cannot read '{path}': {e.Message}", e is ImageLoadException { Damaged: true }));
            }
            progress?.Invoke("reading", Interlocked.Increment(ref done), files.Count);
        });
        foreach (var (i, message, damaged) in errors.OrderBy(e => e.Index))
            findings.Add(damaged
                ? new DataCheckFinding(FindingKind.Damaged, message + " Training skips it unless --keep-partial.", [files[i].Path])
                : new DataCheckFinding(FindingKind.Unreadable, message + " Training skips it: delete or replace the file.", [files[i].Path]));
        return results.OfType<Decoded>().ToList();
    }

    /// <summary>Class folders without a readable photo, and data with fewer than two classes to learn.</summary>
    static IEnumerable<DataCheckFinding> EmptyClassFindings(List<(string Split, string Class)> classFolders,
        List<(string Path, string Split, string Class)> readable)
    {
        foreach (var (split, cls) in classFolders.Where(f => !readable.Any(r => r.Split == f.Split && r.Class == f.Class)))
            yield return new DataCheckFinding(FindingKind.NoPhotos,
                $"Class folder '{(split == "" ? "" : split + "/")}{cls}' holds no readable photo: add photos or remove the folder.", []);
        var learnable = readable.Where(r => r.Split is "" or "train").Select(r => r.Class).Distinct().Count();
        if (learnable < 2)
            yield return new DataCheckFinding(FindingKind.NoPhotos,
                $"Only {learnable} class(es) have readable training photos; a classifier needs at least two. " +
                "Put each class's photos in a sub-folder named after the class.", []);
    }

    static IEnumerable<DataCheckFinding> SplitFindings(List<(string Path, string Split, string Class)> files, DataCheckOptions options)
    {
        var splits = files.Select(f => f.Split).Distinct().ToList();
        var classes = files.Select(f => f.Class).Distinct().Order(StringComparer.Ordinal).ToList();
        if (splits.Count > 1)
            foreach (var cls in classes)
            {
                var present = splits.Where(s => files.Any(f => f.Split == s && f.Class == cls)).ToList();
                if (present.Count < splits.Count)
                    yield return new DataCheckFinding(FindingKind.OneSplitOnly,
                        $"Class '{cls}' has photos in {string.Join(", ", present.Select(s => s + "/"))} only, none in " +
                        $"{string.Join(", ", splits.Except(present).Select(s => s + "/"))}: " +
                        (present.Contains("train") ? "its accuracy cannot be measured." : "it cannot be learnt and its photos are ignored."),
                        []);
            }
        foreach (var split in splits)
        {
            var counts = classes.Select(c => (Class: c, Count: files.Count(f => f.Split == split && f.Class == c))).Where(c => c.Count > 0).ToList();
            if (counts.Count < 2) continue;
            var (most, least) = (counts.MaxBy(c => c.Count), counts.MinBy(c => c.Count));
            if (DataCheckRules.IsImbalanced(most.Count, least.Count, options.ImbalanceRatio))
                yield return new DataCheckFinding(FindingKind.ClassImbalance, string.Create(CultureInfo.InvariantCulture,
                    $"{(split == "" ? "The data" : split + "/")} is imbalanced: '{most.Class}' has {most.Count} photos, '{least.Class}' only {least.Count} " +
                    $"({(double)most.Count / least.Count:0.0}×). Accuracy will favour the larger class; add photos of the smaller one."), []);
        }
    }

    static List<DuplicatePair> Duplicates(List<Decoded> decoded, float[]? embeddings, int dimension, DataCheckOptions options)
    {
        var pairs = new List<DuplicatePair>();
        for (int a = 0; a < decoded.Count; a++)
            for (int b = a + 1; b < decoded.Count; b++)
            {
                bool identical = decoded[a].Sha256 == decoded[b].Sha256;
                int distance = PerceptualHash.Distance(decoded[a].Hash, decoded[b].Hash);
                double? cosine = embeddings is null ? null : Dot(embeddings, a, b, dimension);
                if (identical || distance <= options.MaxHashDistance || cosine >= options.MinCosine)
                    pairs.Add(new DuplicatePair(decoded[a].Image, decoded[b].Image, identical, 1 - distance / 64.0, cosine));
            }
        // The pairs that corrupt a measurement (a photo in both train and valid, or under two labels) come first.
        return pairs.OrderByDescending(p => p.AcrossSplits || p.AcrossClasses).ThenByDescending(p => p.Identical)
            .ThenByDescending(p => p.Cosine ?? p.HashSimilarity).ToList();
    }

    static string DuplicateMessage(DuplicatePair pair) => $"{pair.Description}: '{pair.A.Path}' and '{pair.B.Path}'.";

    static List<AtypicalImage> Atypical(List<CheckedImage> images, float[] unit, int dimension, int perClass)
    {
        var result = new List<AtypicalImage>();
        foreach (var group in images.Select((image, row) => (image, row)).GroupBy(x => x.image.Class).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToList();
            if (members.Count < 3) continue;
            var centre = new double[dimension];
            foreach (var (_, row) in members)
                for (int d = 0; d < dimension; d++) centre[d] += unit[row * dimension + d];
            double norm = Math.Sqrt(centre.Sum(v => v * v));
            var ranked = members.Select(m =>
            {
                double dot = 0;
                for (int d = 0; d < dimension; d++) dot += unit[m.row * dimension + d] * centre[d];
                return (m.image, Distance: 1 - dot / Math.Max(norm, 1e-12));
            }).OrderByDescending(x => x.Distance).Take(perClass).ToList();
            result.AddRange(ranked.Select((x, i) => new AtypicalImage(x.image, i + 1, x.Distance)));
        }
        return result;
    }

    // For duplicates the mean embedding is subtracted: pooled ReLU features are all positive, so raw cosines of
    // unrelated photos are high. For atypicality it is not: centred on the whole dataset, the distance to a class
    // centre mostly measures how much a photo looks like the other classes, not how odd it is.
    static float[] UnitRows(float[] values, int dimension, bool centre)
    {
        int n = values.Length / dimension;
        var mean = new double[dimension];
        if (centre)
            for (int r = 0; r < n; r++)
                for (int d = 0; d < dimension; d++) mean[d] += values[r * dimension + d] / n;
        var result = new float[values.Length];
        for (int r = 0; r < n; r++)
        {
            double norm = 0;
            for (int d = 0; d < dimension; d++)
            {
                var v = values[r * dimension + d] - mean[d];
                result[r * dimension + d] = (float)v;
                norm += v * v;
            }
            var scale = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
            for (int d = 0; d < dimension; d++) result[r * dimension + d] *= scale;
        }
        return result;
    }

    static double Dot(float[] unit, int a, int b, int dimension)
    {
        double dot = 0;
        for (int d = 0; d < dimension; d++) dot += unit[a * dimension + d] * unit[b * dimension + d];
        return dot;
    }
}
