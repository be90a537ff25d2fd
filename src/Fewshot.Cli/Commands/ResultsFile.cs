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

    /// <summary>
    /// Opens <paramref name="path"/> to append rows. An existing file is read first and must be this command's results (the
    /// same columns, and rows that are results rows): anything else is refused untouched. Only then is a row cut short by an
    /// interruption dropped.
    /// </summary>
    public static ResultsFile Open(string path, IReadOnlyList<string> classes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var length = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (length == 0) return new ResultsFile(path, classes, new HashSet<string>(StringComparer.Ordinal), writeHeader: true);
        var complete = File.ReadAllBytes(path);
        var end = Array.LastIndexOf(complete, (byte)'\n') + 1;
        if (end == 0) throw NotResults(path, "it holds no complete line");
        var text = new UTF8Encoding(false).GetString(complete, 0, end);
        var isCsv = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        var done = new HashSet<string>(isCsv ? CsvFiles(path, text, classes) : JsonFiles(path, text), StringComparer.Ordinal);
        if (end < length) DropAfter(path, end);
        return new ResultsFile(path, classes, done, writeHeader: false);
    }

    static string[] Header(IReadOnlyList<string> classes) =>
        ["file", "label", "probability", .. classes.Select(c => "prob_" + c), "error"];

    /// <summary>Cuts a half-written last row (an interruption) off a file already recognised as results.</summary>
    static void DropAfter(string path, long end)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(end);
    }

    static FewshotException NotResults(string path, string why) =>
        new($"'{path}' already exists and is not results of this command ({why}); it was left as it is. " +
            "Choose another --out, or delete the file to start again.");

    static List<string> CsvFiles(string path, string text, IReadOnlyList<string> classes)
    {
        using var reader = new CsvReader(new StringReader(text), Csv);
        var header = Header(classes);
        if (!reader.Read() || !reader.ReadHeader() || !reader.HeaderRecord!.SequenceEqual(header))
            throw NotResults(path, $"its first line is not '{string.Join(",", header)}': another model or classes, or another file");
        var files = new List<string>();
        while (reader.Read()) files.Add(reader.GetField(0)!);
        return files;
    }

    static List<string> JsonFiles(string path, string text)
    {
        var files = new List<string>();
        foreach (var (line, number) in text.Split('\n').Select((l, i) => (l, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var row = JsonDocument.Parse(line);
                files.Add(row.RootElement.GetProperty("file").GetString()!);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw NotResults(path, $"line {number} is not a results row: {e.Message.TrimEnd('.')}");
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
