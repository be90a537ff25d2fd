using System.Diagnostics;
using Fewshot.Inference;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

/// <summary>How many rows a scoring run produced, how many were errors, whether Ctrl-C stopped it.</summary>
sealed record ScoringSummary(int Rows, int Failures, bool Interrupted)
{
    /// <summary>130 when interrupted, 1 when no row at all could be scored, else 0.</summary>
    public int ExitCode => Interrupted ? ExitCodes.Interrupted : Failures > 0 && Failures == Rows ? ExitCodes.Failed : ExitCodes.Ok;
}

/// <summary>
/// What scores photos for <see cref="BatchScoring.WriteAll"/>: <see cref="Score"/> yields a row per photo (and
/// throws <see cref="OperationCanceledException"/> when stopped); <see cref="ClassifierRate"/>, when known, is the
/// classifier's own photos per second, decoding excluded.
/// </summary>
sealed record ScoringJob(Func<IReadOnlyList<string>, CancellationToken, IEnumerable<ScoredFile>> Score, Func<double>? ClassifierRate = null)
{
    public static ScoringJob For(BatchScorer scorer) => new(scorer.Score, () =>
        scorer.ClassifierTime.TotalSeconds > 0 ? scorer.ClassifiedPhotos / scorer.ClassifierTime.TotalSeconds : 0);
}

/// <summary>`fewshot predict … --out FILE`: scores the photos not yet in FILE, with a progress bar and a throughput summary.</summary>
static class BatchScoring
{
    /// <param name="model">The model's <see cref="ResultsFile.Fingerprint"/>, recorded in each row so that resuming with another
    /// model is refused (null: not recorded).</param>
    public static ScoringSummary WriteAll(IAnsiConsole console, string outPath, IReadOnlyList<string> classes, ScoringJob job,
        List<string> files, List<string> missing, CancellationToken cancel, string? model = null)
    {
        ResultsFile results;
        try { results = ResultsFile.Open(outPath, classes, model); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvHelper.CsvHelperException)
        {
            throw new FewshotException($"Cannot use --out '{outPath}': {e.Message}. Choose another file or check permissions.", e);
        }
        using (results)
        {
            var todo = files.Where(f => !results.Done.Contains(f)).ToList();
            int failures = 0, rows = 0;
            foreach (var path in missing.Where(m => !results.Done.Contains(m)))
            {
                results.Write(new ScoredFile(path, null, $"'{path}' does not exist"));
                failures++;
                rows++;
            }
            if (results.Done.Count > 0)
                console.MarkupLine($"Resuming: {results.Done.Count} photos already in {Markup.Escape(outPath)}, {todo.Count} to go.");
            var clock = Stopwatch.StartNew();
            var interrupted = false;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask("Scoring", maxValue: Math.Max(1, todo.Count));
                    try
                    {
                        foreach (var result in job.Score(todo, cancel))
                        {
                            results.Write(result);
                            rows++;
                            if (result.Prediction is null) failures++;
                            task.Increment(1);
                        }
                    }
                    catch (OperationCanceledException) { interrupted = true; }
                });
            var scored = rows - missing.Count;
            var seconds = clock.Elapsed.TotalSeconds;
            var classifierRate = job.ClassifierRate is { } rate ? $"; the classifier alone, decoding excluded: {rate():F1} photos/s" : "";
            // Raw text, not Spectre's MarkupLine: the summary must not wrap at the console width (scripts grep it).
            console.Profile.Out.Writer.WriteLine($"Scored {scored} photos in {seconds:F1} s ({(seconds > 0 ? scored / seconds : 0):F1} photos/s" +
                               $"{classifierRate}); {failures} could not be read; results in {outPath}.");
            if (interrupted)
                console.MarkupLine("[yellow]Interrupted: rerun the same command to score the remaining photos.[/]");
            return new ScoringSummary(rows + results.Done.Count, failures, interrupted);
        }
    }
}
