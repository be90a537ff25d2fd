using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Fewshot.Inference;

namespace Fewshot.Cli.Commands;

/// <summary>
/// Batch-scoring results, one row per photo, appended and flushed as they come so that an interrupted run can resume:
/// CSV (file, label, probability, one prob_CLASS column per class, error) or JSON Lines for .json/.jsonl.
/// Reopening an existing file keeps its complete rows and reports their files as done; a half-written last row is dropped.
/// </summary>
sealed class ResultsFile : IDisposable
{
    static readonly JsonSerializerOptions JsonLine = new() { WriteIndented = false };
    static readonly CsvConfiguration Csv = new(CultureInfo.InvariantCulture);

    readonly string _path;
    readonly IReadOnlyList<string> _classes;
    readonly StreamWriter _writer;
    readonly CsvWriter? _csv;

    public HashSet<string> Done { get; }

    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".json" or ".jsonl";

    ResultsFile(string path, IReadOnlyList<string> classes, HashSet<string> done, bool writeHeader)
    {
        _path = path;
        _classes = classes;
        Done = done;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            _csv = new CsvWriter(_writer, Csv, leaveOpen: true);
            if (writeHeader)
            {
                foreach (var field in Header(classes)) _csv.WriteField(field);
                _csv.NextRecord();
                _csv.Flush();
            }
        }
    }

    public static ResultsFile Open(string path, IReadOnlyList<string> classes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var existing = File.Exists(path) ? DropPartialLastLine(path) : 0;
        if (existing > 0)
        {
            var isCsv = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
            foreach (var file in isCsv ? CsvFiles(path, classes) : JsonFiles(path)) done.Add(file);
        }
        return new ResultsFile(path, classes, done, writeHeader: existing == 0);
    }

    static string[] Header(IReadOnlyList<string> classes) =>
        ["file", "label", "probability", .. classes.Select(c => "prob_" + c), "error"];

    /// <summary>Cuts the file after its last newline (a row cut short by an interruption) and returns the remaining length.</summary>
    static long DropPartialLastLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var end = stream.Length;
        while (end > 0)
        {
            stream.Position = end - 1;
            if (stream.ReadByte() == '\n') break;
            end--;
        }
        stream.SetLength(end);
        return end;
    }

    static IEnumerable<string> CsvFiles(string path, IReadOnlyList<string> classes)
    {
        using var reader = new CsvReader(new StreamReader(path), Csv);
        if (!reader.Read() || !reader.ReadHeader() || !reader.HeaderRecord!.SequenceEqual(Header(classes)))
            throw new FewshotException($"'{path}' already exists with other columns (another model or classes). " +
                                       "Choose another --out, or delete the file to start again.");
        var files = new List<string>();
        while (reader.Read()) files.Add(reader.GetField(0)!);
        return files;
    }

    static IEnumerable<string> JsonFiles(string path)
    {
        var files = new List<string>();
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var row = JsonDocument.Parse(line);
                files.Add(row.RootElement.GetProperty("file").GetString()!);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FewshotException($"'{path}' line {number} is not a results row ({e.Message}). " +
                                           "Choose another --out, or delete the file to start again.");
            }
        }
        return files;
    }

    public void Write(ScoredFile result)
    {
        var error = result.Error?.ReplaceLineEndings(" ");
        var prediction = result.Prediction;
        if (_csv is not null)
        {
            _csv.WriteField(result.Path);
            _csv.WriteField(prediction?.Verdict ?? "");
            _csv.WriteField(prediction?.Probability.ToString("R", CultureInfo.InvariantCulture) ?? "");
            for (int c = 0; c < _classes.Count; c++)
                _csv.WriteField(prediction?.Probabilities[c].ToString("R", CultureInfo.InvariantCulture) ?? "");
            _csv.WriteField(error ?? "");
            _csv.NextRecord();
            _csv.Flush();
        }
        else
        {
            object row = prediction is null
                ? new { file = result.Path, error }
                : new
                {
                    file = result.Path, label = prediction.Verdict, probability = prediction.Probability,
                    probabilities = _classes.Zip(prediction.Probabilities).ToDictionary(x => x.First, x => x.Second),
                };
            _writer.WriteLine(JsonSerializer.Serialize(row, JsonLine));
        }
        _writer.Flush();
    }

    public void Dispose()
    {
        _csv?.Dispose();
        _writer.Dispose();
    }
}
