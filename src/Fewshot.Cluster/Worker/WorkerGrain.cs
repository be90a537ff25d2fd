using System.Diagnostics;
using Fewshot.Cluster.Contracts;

namespace Fewshot.Cluster.Worker;

[OnNamedWorker]
sealed class WorkerGrain(ModelCache models, WorkerLog log) : Grain, IWorkerGrain
{
    // Scoring runs on the thread pool: a long CPU-bound turn would hold one of Orleans' scheduler threads.
    public Task<ModelSummary> Describe(ScoringRequest request) => Task.Run(() => models.Get(request).Summary);

    public async Task<ScoredPhoto[]> Score(ScoringRequest request, string[] files, CancellationToken cancel)
    {
        log.Line($"scoring {files.Length} photos with model {request.Model.Fingerprint}");
        var clock = Stopwatch.StartNew();
        try
        {
            var scored = await Task.Run(() => models.Get(request).Score(files, cancel).ToArray(), cancel);
            log.Line($"scored {files.Length} photos in {clock.Elapsed.TotalSeconds:F2} s");
            return scored;
        }
        catch (OperationCanceledException)
        {
            log.Line($"stopped scoring {files.Length} photos: the client cancelled them");
            throw;
        }
    }
}
