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
    /// <summary>Threads that decode and resize photos while the network runs (default: one per core).</summary>
    public int DecodeThreads { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Scores many photos in two overlapping stages: the next batch is read, decoded and resized to the network's input in
/// parallel while the network runs the current one. Results come back in input order, one per file, with the error
/// message for files that could not be read.
/// </summary>
public sealed class BatchScorer(IImageClassifier classifier, BatchScoringOptions? options = null)
{
    readonly BatchScoringOptions _options = options ?? new BatchScoringOptions();
    readonly System.Diagnostics.Stopwatch _classifierClock = new();

    /// <summary>Time spent in the network (and laying out its input), while the next batch is prepared.</summary>
    public TimeSpan ClassifierTime => _classifierClock.Elapsed;

    /// <summary>Photos the classifier has scored (mirror images for TTA not counted).</summary>
    public int ClassifiedPhotos { get; private set; }

    /// <summary>A photo ready for the network (and its mirror image with TTA), or why it could not be read.</summary>
    sealed record Prepared(RgbImage? Input, RgbImage? Mirrored, string? Error);

    public IEnumerable<ScoredFile> Score(IReadOnlyList<string> files, CancellationToken cancel = default)
    {
        var chunks = files.Chunk(Math.Max(1, _options.BatchSize)).ToList();
        if (chunks.Count == 0) yield break;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.DecodeThreads) };
        var next = Task.Run(() => Prepare(chunks[0], parallel), cancel);
        for (int c = 0; c < chunks.Count; c++)
        {
            var prepared = next.GetAwaiter().GetResult();
            if (c + 1 < chunks.Count)
            {
                var following = chunks[c + 1];
                next = Task.Run(() => Prepare(following, parallel), cancel);
            }
            cancel.ThrowIfCancellationRequested();
            foreach (var result in ScorePrepared(chunks[c], prepared)) yield return result;
        }
    }

    Prepared[] Prepare(string[] chunk, ParallelOptions parallel)
    {
        var prepared = new Prepared[chunk.Length];
        Parallel.For(0, chunk.Length, parallel, k =>
        {
            try
            {
                var image = ImageLoader.Load(chunk[k], classifier.DecodeMinSide, _options.Decode, classifier.DecodeSlack);
                prepared[k] = new Prepared(classifier.Fit(image), _options.Tta ? classifier.Fit(Mirror.LeftRight(image)) : null, null);
            }
            catch (ImageLoadException e) { prepared[k] = new Prepared(null, null, e.Message); }
        });
        return prepared;
    }

    IEnumerable<ScoredFile> ScorePrepared(string[] chunk, Prepared[] prepared)
    {
        var readable = Enumerable.Range(0, chunk.Length).Where(k => prepared[k].Input is not null).ToList();
        _classifierClock.Start();
        var probabilities = classifier.ClassProbabilities(readable.Select(k => prepared[k].Input!).ToList());
        if (_options.Tta && readable.Count > 0)
        {
            var mirrored = classifier.ClassProbabilities(readable.Select(k => prepared[k].Mirrored!).ToList());
            for (int k = 0; k < probabilities.Length; k++)
                for (int c = 0; c < probabilities[k].Length; c++)
                    probabilities[k][c] = (probabilities[k][c] + mirrored[k][c]) / 2;
        }
        _classifierClock.Stop();
        ClassifiedPhotos += readable.Count;
        var byIndex = new Dictionary<int, float[]>();
        for (int r = 0; r < readable.Count; r++) byIndex[readable[r]] = probabilities[r];
        for (int k = 0; k < chunk.Length; k++)
            yield return byIndex.TryGetValue(k, out var p)
                ? new ScoredFile(chunk[k], Prediction.From(chunk[k], classifier.Classes, p, _options.UnknownThreshold), null)
                : new ScoredFile(chunk[k], null, prepared[k].Error);
    }
}
