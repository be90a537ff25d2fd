using Fewshot.Models.Weights;
using Fewshot.Cluster.Contracts;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.People;
using Fewshot.Predictors;

namespace Fewshot.Cluster.Worker;

/// <summary>
/// The models this worker has loaded, by content hash and options: a model is read once (its SHA-256 checked against the
/// client's) and then scores every chunk of every job that names it. The two most recently used are kept.
/// </summary>
sealed class ModelCache(WorkerOptions settings, WorkerLog log) : IDisposable
{
    const int Kept = 2;
    readonly Lock _gate = new();
    readonly List<(ScoringRequest Request, LoadedModel Model)> _loaded = [];

    public LoadedModel Get(ScoringRequest request)
    {
        lock (_gate)
        {
            var index = _loaded.FindIndex(entry => entry.Request == request);
            if (index >= 0)
            {
                var hit = _loaded[index];
                _loaded.RemoveAt(index);
                _loaded.Insert(0, hit);
                return hit.Model;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var model = Load(request);
            log.Line($"loaded model {request.Model.Fingerprint} ({request.Model.Path}) in {clock.Elapsed.TotalSeconds:F1} s");
            _loaded.Insert(0, (request, model));
            while (_loaded.Count > Kept)
            {
                _loaded[^1].Model.Dispose();
                _loaded.RemoveAt(_loaded.Count - 1);
            }
            return model;
        }
    }

    LoadedModel Load(ScoringRequest request)
    {
        var path = request.Model.Path;
        CheckContent(path, request.Model.Sha256);
        var decode = new DecodeOptions(request.MaxPixels, request.KeepPartial);
        var scoring = new BatchScoringOptions
        {
            BatchSize = request.BatchSize, Tta = request.Tta, UnknownThreshold = request.Threshold, Decode = decode,
            DecodeThreads = settings.Threads,
        };
        if (ModelFiles.IsPeopleModel(path))
            return new PeopleModel(PeoplePredictor.Load(path, request.Threshold), decode, request.AllFaces);
        var onnx = new ClassifierOptions
        {
            Device = request.Device.Equals("cuda", StringComparison.OrdinalIgnoreCase) ? Device.Cuda : Device.Cpu,
            UnknownThreshold = request.Threshold, IntraOpThreads = settings.Threads,
        };
        var precision = Enum.Parse<Fewshot.Runtime.Precision>(request.Precision, ignoreCase: true);
        return new ImageModel(ModelFiles.OpenImageModel(path, onnx, precision), scoring);
    }

    void CheckContent(string path, string sha256)
    {
        string found;
        try { found = FileHash.Sha256(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FewshotException($"Worker {settings.Name} cannot read the model '{path}': {e.Message.TrimEnd('.')}. Every worker reads " +
                                       "the model at the path the client gives: put it on storage all of them share, at the same path.", e);
        }
        if (found != sha256)
            throw new FewshotException($"The model '{path}' on worker {settings.Name} is not the client's file (its SHA-256 starts " +
                                       $"{found[..16]}, the client's {sha256[..16]}): give every worker the same file.");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (_, model) in _loaded) model.Dispose();
            _loaded.Clear();
        }
    }
}
