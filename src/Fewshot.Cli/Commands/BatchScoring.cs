using System.Diagnostics;
using Fewshot.Inference;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

/// <summary>How many photos a scoring run accounted for, how many could not be scored, whether Ctrl-C stopped it.</summary>
sealed record ScoringSummary(int Rows, int Failures, bool Interrupted)
{
    /// <summary>130 when interrupted, 1 when no row at all could be scored, else 0.</summary>
    public int ExitCode => Interrupted ? ExitCodes.Interrupted : Failures > 0 && Failures == Rows ? ExitCodes.Failed : ExitCodes.Ok;
}

/// <summary>
/// What scores photos for <see cref="BatchScoring.WriteAll"/>: <see cref="Score"/> yields the rows of each photo in
/// turn, one per photo or one per face (and throws <see cref="OperationCanceledException"/> when stopped);
/// <see cref="ClassifierRate"/>, when known, is the classifier's own photos per second, decoding excluded.
/// </summary>
sealed record ScoringJob(Func<IReadOnlyList<string>, CancellationToken, IEnumerable<ResultsRow>> Score, Func<double>? ClassifierRate = null)
{
    public static ScoringJob For(BatchScorer scorer) => new((files, cancel) => scorer.Score(files, cancel).Select(ResultsRow.From), () =>
        scorer.ClassifierTime.TotalSeconds > 0 ? scorer.ClassifiedPhotos / scorer.ClassifierTime.TotalSeconds : 0);
}

/// <summary>`fewshot predict … --out FILE`: scores the photos not yet in FILE, with a progress bar and a throughput summary.</summary>
static class BatchScoring
{
    /// <param name="layout">The columns; its model fingerprint, recorded in each row, makes resuming with another model refused.</param>
    public static ScoringSummary WriteAll(IAnsiConsole console, string outPath, ResultsLayout layout, ScoringJob job,
        List<string> files, List<string> missing, CancellationToken cancel)
    {
        ResultsFile results;
        try { results = ResultsFile.Open(outPath, layout); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvHelper.CsvHelperException)
        {
            throw new FewshotException($"Cannot use --out '{outPath}': {e.Message}. Choose another file or check permissions.", e);
        }
        using (results)
        {
            var todo = files.Where(f => !results.IsDone(f)).ToList();
            int failures = 0, scored = 0, missingWritten = 0;
            foreach (var path in missing.Where(m => !results.IsDone(m)))
            {
                var row = ResultsRow.Failed(path, $"'{path}' does not exist");
                if (results.Has(row)) continue;
                results.Write(row);
                failures++;
                missingWritten++;
            }
            int done = results.DoneCount;
            if (done > 0)
                console.MarkupLine($"Resuming: {done} photos already in {Markup.Escape(outPath)}, {todo.Count} to go.");
            var clock = Stopwatch.StartNew();
            var interrupted = false;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask("Scoring", maxValue: Math.Max(1, todo.Count));
                    try
                    {
                        string? photo = null;
                        foreach (var row in job.Score(todo, cancel))
                        {
                            if (row.File != photo)
                            {
                                photo = row.File;
                                scored++;
                                task.Increment(1);
                                if (row.Prediction is null) failures++;
                            }
                            if (!results.Has(row)) results.Write(row);
                        }
                    }
                    catch (OperationCanceledException) { interrupted = true; }
                });
            var seconds = clock.Elapsed.TotalSeconds;
            var classifierRate = job.ClassifierRate is { } rate ? $"; the classifier alone, decoding excluded: {rate():F1} photos/s" : "";
            // Raw text, not Spectre's MarkupLine: the summary must not wrap at the console width (scripts grep it).
            console.Profile.Out.Writer.WriteLine($"Scored {scored} photos in {seconds:F1} s ({(seconds > 0 ? scored / seconds : 0):F1} photos/s" +
                               $"{classifierRate}); {failures} could not be read; results in {outPath}.");
            if (interrupted)
                console.MarkupLine("[yellow]Interrupted: rerun the same command to score the remaining photos.[/]");
            return new ScoringSummary(done + missingWritten + scored, failures, interrupted);
        }
    }
}
