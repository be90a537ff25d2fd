using System.Collections.Concurrent;
using Fewshot.Cluster.Addressing;
using Fewshot.Cluster.Client;
using Fewshot.Cluster.Contracts;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

/// <summary>
/// `fewshot predict MODEL PATHS… --cluster redis://… --out FILE`: the photos are listed here, scored by the cluster's
/// workers chunk by chunk, and their rows written here as they come back, into the same resumable results file as a
/// local run (the same columns and rows, in the order the chunks finish).
/// </summary>
sealed class ClusterPredict(IAnsiConsole console, PredictSettings settings)
{
    public int Run(List<string> files, List<string> missing)
    {
        var address = ClusterAddress.Parse(settings.Cluster!);
        if (!File.Exists(settings.Model))
            throw new FewshotException($"Model file '{settings.Model}' does not exist. Give the path of a .fewshot or .onnx file every worker can read.");
        var request = new ScoringRequest
        {
            Model = ModelReference.ForFile(settings.Model), Threshold = settings.Threshold, Tta = settings.Tta,
            Precision = settings.Precision.ToString(), Device = settings.Device, BatchSize = settings.BatchSize,
            MaxPixels = settings.MaxPixels, KeepPartial = settings.KeepPartial, AllFaces = settings.AllFaces,
        };
        using var interrupt = new InterruptHandler(console);
        ClusterConnection connection;
        try { connection = ClusterConnection.ConnectAsync(address, interrupt.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { return ExitCodes.Interrupted; }
        try
        {
            var (model, workers) = Describe(connection, request, interrupt.Token);
            if (model.People && PeoplePredict.ImageModelOnly(settings) is { } option)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(option)}");
                return ExitCodes.BadArguments;
            }
            if (!model.People && settings.AllFaces) throw PredictCommand.AllFacesNeedsPeople(settings.Model);
            console.MarkupLine(Markup.Escape($"Scoring on the cluster at {address}: {Counted.Of(workers, "worker")} active, chunks of {settings.Chunk} photos."));
            var layout = new ResultsLayout(model.Classes, People: model.People, EveryFace: model.People && settings.AllFaces, Model: request.Model.Fingerprint);
            var job = new ClusterJob(connection, request, settings.Chunk);
            var notices = new ConcurrentQueue<string>();
            job.Notice += notices.Enqueue;
            var scoring = new ScoringJob((todo, cancel) => job.Score(todo, cancel).SelectMany(result => Rows(todo[result.Index], result.Photo)));
            ScoringSummary summary;
            try { summary = BatchScoring.WriteAll(console, settings.Out!, layout, scoring, files, missing, interrupt.Token); }
            catch (FewshotException e)
            {
                throw new FewshotException($"{e.Message} The rows of the photos scored so far are in {settings.Out}.", e);
            }
            finally
            {
                foreach (var notice in notices) console.MarkupLine(Markup.Escape(notice));
            }
            console.MarkupLine(Markup.Escape($"{Counted.Of(job.WorkersUsed, "worker")} scored for this run; {Counted.Of(job.ChunksRetried, "chunk")} handed " +
                                             "to another worker after theirs failed, left or stalled."));
            return summary.ExitCode;
        }
        catch (OperationCanceledException) { return ExitCodes.Interrupted; }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The model as a worker loaded it (which also checks that the workers can read it), from the first worker that
    /// answers, and how many workers are active.
    /// </summary>
    static (ModelSummary Model, int Workers) Describe(ClusterConnection connection, ScoringRequest request, CancellationToken cancel)
    {
        var workers = connection.ActiveWorkersAsync(cancel).GetAwaiter().GetResult() ?? [];
        Exception? first = null;
        foreach (var worker in workers)
        {
            try
            {
                var model = connection.Client.GetGrain<IWorkerGrain>(worker.Key).Describe(request).WaitAsync(cancel).GetAwaiter().GetResult();
                return (model, workers.Length);
            }
            catch (Exception e) when (e is not OperationCanceledException) { first ??= e; }
        }
        throw first is null
            ? new FewshotException($"No worker is active in the cluster at {connection.Address}. Start one with `fewshot worker --cluster {connection.Address}`.")
            : new FewshotException($"No worker could load the model: {first.Message.Split('\n')[0]}", first);
    }

    static IEnumerable<ResultsRow> Rows(string file, ScoredPhoto photo) =>
        photo.Prediction is { } prediction ? [new ResultsRow(file, prediction, null)] : ResultsRow.FromPeople(file, photo.People, photo.Error);
}
