using System.Collections.Concurrent;
using Fewshot.Imaging;

namespace Fewshot.Data;

/// <summary>
/// The training and validation photos of a dataset, ready to be batched: fastai's DataBunch.
/// Every file is decoded once, up front and in parallel; unreadable files are dropped with a warning.
/// </summary>
public sealed class ImageData
{
    readonly ImageStore _store;
    readonly ConcurrentDictionary<int, float[]> _validPixels = new();

    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<LabelledImage> Train { get; }
    public IReadOnlyList<LabelledImage> Valid { get; }
    public DataOptions Options { get; }
    public Preprocessing Preprocessing { get; }
    /// <summary>Problems found while reading the data: skipped files, missing classes. The run goes on.</summary>
    public IReadOnlyList<string> Warnings { get; }
    public string? Root { get; }

    /// <param name="fileSystem">Reads the photos; a seam for tests (default: the disk).</param>
    public ImageData(DatasetSplit split, DataOptions options, Preprocessing preprocessing, string? root = null,
        Action<int, int>? progress = null, IFileSystem? fileSystem = null)
    {
        // The range a model file's manifest accepts, so that training never writes a model that loading refuses.
        if (!ImageLoader.IsModelSlack(options.DecodeSlack))
            throw new ArgumentOutOfRangeException(nameof(options), options.DecodeSlack, $"DataOptions.DecodeSlack must be from 1 to {ImageLoader.MaxModelSlack}");
        Options = options;
        Preprocessing = preprocessing;
        Root = root;
        Classes = split.Classes;
        _store = new ImageStore(options.DecodeMinSide, decodeOptions: options.Decode,
            minSideSlack: options.DecodeSlack, readFile: fileSystem is null ? null : fileSystem.ReadAllBytes);
        var warnings = new List<string>(split.Warnings);
        var unreadable = new ConcurrentBag<ImageLoadException>();
        _store.Unreadable += unreadable.Add;
        var all = split.Train.Concat(split.Valid).Select(i => i.Path).ToList();
        int done = 0;
        Parallel.ForEach(all, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
        {
            _store.Get(path);
            progress?.Invoke(Interlocked.Increment(ref done), all.Count);
        });
        warnings.AddRange(unreadable.OrderBy(e => e.Path, StringComparer.Ordinal).Select(e => "Skipped " + e.Message));
        Train = split.Train.Where(i => _store.IsReadable(i.Path)).ToList();
        Valid = split.Valid.Where(i => _store.IsReadable(i.Path)).ToList();
        if (Valid.Count == 0 && Train.Count > 0)
            warnings.Add("There is no validation photo, so accuracy cannot be measured. Give each class at least two photos, so that " +
                         "some are held out for validation (or put validation photos in valid/<class>/).");
        Warnings = warnings;
        if (Train.Count == 0)
            throw new FewshotException($"No readable training photos in '{root}'. " + (unreadable.IsEmpty
                ? "Check the folder layout (one sub-folder per class)."
                : $"{unreadable.Count} file(s) could not be read, for example: {unreadable.OrderBy(e => e.Path, StringComparer.Ordinal).First().Message}"));
    }

    /// <summary>Scans a folder (see <see cref="ImageFolder.Scan"/>) and decodes its photos.</summary>
    public static ImageData FromFolder(string root, DataOptions? options = null, Preprocessing? preprocessing = null,
        Action<int, int>? progress = null, IFileSystem? fileSystem = null)
    {
        options ??= new DataOptions();
        preprocessing ??= Models.BackboneRegistry.Default.Preprocessing;
        var split = ImageFolder.Scan(root, options.ValidPct, options.Seed);
        return new ImageData(split, options, preprocessing, root, progress, fileSystem);
    }

    public int ClassCount => Classes.Count;
    int PixelsPerImage => 3 * Options.Size * Options.Size;

    /// <summary>Number of training batches per epoch (the last partial batch is dropped, as fastai does).</summary>
    public int TrainBatchCount => Math.Max(1, Train.Count / Options.BatchSize);

    /// <summary>
    /// Shuffled, augmented training batches for one epoch, built on a worker thread while the caller trains.
    /// Randomness is keyed by (seed, epoch, item), so a seeded run reproduces whatever the thread timing.
    /// </summary>
    public IEnumerable<Batch> TrainBatches(int epoch, CancellationToken cancel = default)
    {
        var order = Enumerable.Range(0, Train.Count).ToArray();
        new Random(unchecked(Options.Seed * 7919 + epoch)).Shuffle(order);
        int batchSize = Math.Min(Options.BatchSize, Train.Count);
        var chunks = Enumerable.Range(0, TrainBatchCount).Select(b => order.AsSpan(b * batchSize, batchSize).ToArray()).ToList();
        return Prefetch(chunks, indices => BuildTrainBatch(indices, epoch), cancel);
    }

    /// <summary>Every training photo once, in order, augmented with randomness keyed by <paramref name="viewKey"/>.</summary>
    public IEnumerable<Batch> TrainViewBatches(int viewKey, CancellationToken cancel = default)
    {
        int batchSize = Options.BatchSize * 2;
        var chunks = Enumerable.Range(0, (Train.Count + batchSize - 1) / batchSize)
            .Select(b => Enumerable.Range(b * batchSize, Math.Min(batchSize, Train.Count - b * batchSize)).ToArray()).ToList();
        return Prefetch(chunks, indices => BuildTrainBatch(indices, viewKey), cancel);
    }

    /// <summary>Validation batches in a fixed order, without augmentation; their pixels are computed once.</summary>
    public IEnumerable<Batch> ValidBatches(int batchSize = 0)
    {
        if (batchSize <= 0) batchSize = Options.BatchSize * 2;
        for (int start = 0; start < Valid.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, Valid.Count - start);
            var pixels = new float[n * PixelsPerImage];
            var labels = new long[n];
            var indices = new int[n];
            Parallel.For(0, n, k =>
            {
                int i = start + k;
                ValidPixels(i).CopyTo(pixels.AsSpan(k * PixelsPerImage, PixelsPerImage));
                labels[k] = Valid[i].Label;
                indices[k] = i;
            });
            yield return new Batch(pixels, labels, indices, Options.Size);
        }
    }

    /// <summary>The un-augmented model input for any photo (also used for prediction on new photos).</summary>
    public float[] Prepare(RgbImage image)
    {
        var resized = ImageResizer.Resize(image, Options.Size, Options.Resize);
        var pixels = new float[PixelsPerImage];
        Preprocessing.WriteChw(resized, pixels);
        return pixels;
    }

    /// <summary>Every photo decoded once (at reduced scale), kept for the run within a memory budget.</summary>
    public ImageStore Store => _store;

    /// <summary>The decoded photo (at reduced scale), or null when unreadable.</summary>
    public RgbImage? Image(string path) => _store.Get(path);

    float[] ValidPixels(int index) => _validPixels.GetOrAdd(index, i => Prepare(_store.Get(Valid[i].Path)!));

    Batch BuildTrainBatch(int[] indices, int epoch)
    {
        var pixels = new float[indices.Length * PixelsPerImage];
        var labels = new long[indices.Length];
        Parallel.For(0, indices.Length, k =>
        {
            var item = Train[indices[k]];
            var image = _store.Get(item.Path)!;
            var seed = SeedMixer.Mix((ulong)Options.Seed, epoch, indices[k]);
            var view = Augmenter.RandomView(image, Options.Size, Options.Resize, Options.Augment, seed);
            Preprocessing.WriteChw(view, pixels.AsSpan(k * PixelsPerImage, PixelsPerImage));
            labels[k] = item.Label;
        });
        return new Batch(pixels, labels, indices, Options.Size);
    }

    static IEnumerable<Batch> Prefetch(List<int[]> chunks, Func<int[], Batch> build, CancellationToken cancel)
    {
        using var queue = new BlockingCollection<Batch>(boundedCapacity: 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Exception? failure = null;
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var chunk in chunks) queue.Add(build(chunk), stop.Token);
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { failure = e; }
            finally { queue.CompleteAdding(); }
        });
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
                yield return batch;
            if (failure is not null) throw new FewshotException("Preparing a training batch failed: " + failure.Message, failure);
        }
        finally
        {
            stop.Cancel();
            producer.Wait();
        }
    }
}
