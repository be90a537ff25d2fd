using Fewshot.Imaging;

namespace Fewshot.Inference;

/// <summary>One photo's result: a prediction, or why the file could not be read.</summary>
public sealed record ScoredFile(string Path, Prediction? Prediction, string? Error);

public sealed record BatchScoringOptions
{
    public int BatchSize { get; init; } = 32;
    /// <summary>Test-time augmentation: average the probabilities of the photo and of its mirror image (left-right flip).</summary>
    public bool Tta { get; init; }
    public float UnknownThreshold { get; init; }
    public DecodeOptions? Decode { get; init; }
}

/// <summary>
/// Scores many photos: files are decoded in parallel, a batch ahead of the model, and results come back in input
/// order, one per file, with the error message for files that could not be read.
/// </summary>
public sealed class BatchScorer(IImageClassifier classifier, BatchScoringOptions? options = null)
{
    readonly BatchScoringOptions _options = options ?? new BatchScoringOptions();
    readonly System.Diagnostics.Stopwatch _classifierClock = new();

    /// <summary>Time spent in the classifier (resizing, preprocessing, the network), while the next batch decodes.</summary>
    public TimeSpan ClassifierTime => _classifierClock.Elapsed;

    /// <summary>Photos the classifier has scored (mirror images for TTA not counted).</summary>
    public int ClassifiedPhotos { get; private set; }

    public IEnumerable<ScoredFile> Score(IReadOnlyList<string> files, CancellationToken cancel = default)
    {
        var chunks = files.Chunk(Math.Max(1, _options.BatchSize)).ToList();
        if (chunks.Count == 0) yield break;
        var next = Task.Run(() => Decode(chunks[0]), cancel);
        for (int c = 0; c < chunks.Count; c++)
        {
            var decoded = next.GetAwaiter().GetResult();
            if (c + 1 < chunks.Count)
            {
                var following = chunks[c + 1];
                next = Task.Run(() => Decode(following), cancel);
            }
            cancel.ThrowIfCancellationRequested();
            foreach (var result in ScoreDecoded(chunks[c], decoded)) yield return result;
        }
    }

    (RgbImage? Image, string? Error)[] Decode(string[] chunk)
    {
        var decoded = new (RgbImage?, string?)[chunk.Length];
        Parallel.For(0, chunk.Length, k =>
        {
            try { decoded[k] = (ImageLoader.Load(chunk[k], classifier.DecodeMinSide, _options.Decode), null); }
            catch (ImageLoadException e) { decoded[k] = (null, e.Message); }
        });
        return decoded;
    }

    IEnumerable<ScoredFile> ScoreDecoded(string[] chunk, (RgbImage? Image, string? Error)[] decoded)
    {
        var readable = Enumerable.Range(0, chunk.Length).Where(k => decoded[k].Image is not null).ToList();
        var images = readable.Select(k => decoded[k].Image!).ToList();
        _classifierClock.Start();
        var probabilities = classifier.ClassProbabilities(images);
        if (_options.Tta && images.Count > 0)
        {
            var mirrored = classifier.ClassProbabilities(images.Select(Mirror.LeftRight).ToList());
            for (int k = 0; k < probabilities.Length; k++)
                for (int c = 0; c < probabilities[k].Length; c++)
                    probabilities[k][c] = (probabilities[k][c] + mirrored[k][c]) / 2;
        }
        _classifierClock.Stop();
        ClassifiedPhotos += images.Count;
        var byIndex = new Dictionary<int, float[]>();
        for (int r = 0; r < readable.Count; r++) byIndex[readable[r]] = probabilities[r];
        for (int k = 0; k < chunk.Length; k++)
            yield return byIndex.TryGetValue(k, out var p)
                ? new ScoredFile(chunk[k], Prediction.From(chunk[k], classifier.Classes, p, _options.UnknownThreshold), null)
                : new ScoredFile(chunk[k], null, decoded[k].Error);
    }
}
