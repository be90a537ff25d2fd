using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using Fewshot.Inference;

namespace Fewshot.Cli.Commands;

/// <summary>
/// Batch-scoring results, one row per photo, appended and flushed as they come so that an interrupted run can resume:
/// CSV (file, label, probability, one prob_CLASS column per class, error, and model: the model file's fingerprint, when
/// known) or JSON Lines for .json/.jsonl. Reopening an existing file keeps its complete rows and reports their files as done;
/// a half-written last row is dropped.
/// </summary>
sealed class ResultsFile : IDisposable
{
    static readonly JsonSerializerOptions JsonLine = new() { WriteIndented = false };
    static readonly CsvConfiguration Csv = new(CultureInfo.InvariantCulture);

    readonly IReadOnlyList<string> _classes;
    readonly string? _model;
    readonly StreamWriter _writer;
    readonly CsvWriter? _csv;

    public HashSet<string> Done { get; }

    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".json" or ".jsonl";

    /// <summary>The first 16 hex digits of the model file's SHA-256: which model a row came from.</summary>
    public static string Fingerprint(string modelPath)
    {
        using var stream = File.OpenRead(modelPath);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    ResultsFile(string path, IReadOnlyList<string> classes, string? model, HashSet<string> done, bool writeHeader)
    {
        _classes = classes;
        _model = model;
        Done = done;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            _csv = new CsvWriter(_writer, Csv, leaveOpen: true);
            if (writeHeader)
            {
                foreach (var field in Header(classes, model)) _csv.WriteField(field);
                _csv.NextRecord();
                _csv.Flush();
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> to append rows. An existing file is read first and must be this command's results (the
    /// same columns, rows that are results rows, and the same <paramref name="model"/> fingerprint in each): anything else is
    /// refused untouched. Only then is a row cut short by an interruption dropped.
    /// </summary>
    /// <param name="model">The model's <see cref="Fingerprint"/>, written in each row; null: no model column.</param>
    public static ResultsFile Open(string path, IReadOnlyList<string> classes, string? model = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var length = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (length == 0) return new ResultsFile(path, classes, model, new HashSet<string>(StringComparer.Ordinal), writeHeader: true);
        var content = File.ReadAllBytes(path);
        var end = Array.LastIndexOf(content, (byte)'\n') + 1;
        if (end == 0) throw NotResults(path, "it holds no complete line");
        var text = new UTF8Encoding(false).GetString(content, 0, end);
        var isCsv = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        var done = new HashSet<string>(isCsv ? CsvFiles(path, text, classes, model) : JsonFiles(path, text, model), StringComparer.Ordinal);
        if (end < length) DropAfter(path, end);
        return new ResultsFile(path, classes, model, done, writeHeader: false);
    }

    static string[] Header(IReadOnlyList<string> classes, string? model) =>
        ["file", "label", "probability", .. classes.Select(c => "prob_" + c), "error", .. model is null ? Array.Empty<string>() : ["model"]];

    /// <summary>Cuts a half-written last row (an interruption) off a file already recognised as results.</summary>
    static void DropAfter(string path, long end)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(end);
    }

    static FewshotException NotResults(string path, string why) =>
        new($"'{path}' already exists and is not results of this command ({why}); it was left as it is. " +
            "Choose another --out, or delete the file to start again.");

    static FewshotException AnotherModel(string path, string? found, string model) =>
        NotResults(path, $"its rows come from another model, fingerprint {found ?? "(none)"}, and this one's is {model}: " +
                         "the rows of two models must not mix");

    static List<string> CsvFiles(string path, string text, IReadOnlyList<string> classes, string? model)
    {
        using var reader = new CsvReader(new StringReader(text), Csv);
        var header = Header(classes, model);
        if (!reader.Read() || !reader.ReadHeader() || !reader.HeaderRecord!.SequenceEqual(header))
            throw NotResults(path, $"its first line is not '{string.Join(",", header)}': another model or classes, or another file");
        var files = new List<string>();
        while (reader.Read())
        {
            if (model is not null && reader.GetField(header.Length - 1) is var found && found != model) throw AnotherModel(path, found, model);
            files.Add(reader.GetField(0)!);
        }
        return files;
    }

    static List<string> JsonFiles(string path, string text, string? model)
    {
        var files = new List<string>();
        foreach (var (line, number) in text.Split('\n').Select((l, i) => (l, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            string? found;
            try
            {
                using var row = JsonDocument.Parse(line);
                files.Add(row.RootElement.GetProperty("file").GetString()!);
                found = row.RootElement.TryGetProperty("model", out var fingerprint) ? fingerprint.GetString() : null;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw NotResults(path, $"line {number} is not a results row: {e.Message.TrimEnd('.')}");
            }
            if (found != model) throw AnotherModel(path, found, model ?? "(none)");
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
            if (_model is not null) _csv.WriteField(_model);
            _csv.NextRecord();
            _csv.Flush();
        }
        else
        {
            var row = new JsonObject { ["file"] = result.Path };
            if (prediction is null) row["error"] = error;
            else
            {
                row["label"] = prediction.Verdict;
                row["probability"] = prediction.Probability;
                row["probabilities"] = JsonSerializer.SerializeToNode(_classes.Zip(prediction.Probabilities).ToDictionary(x => x.First, x => x.Second));
            }
            if (_model is not null) row["model"] = _model;
            _writer.WriteLine(row.ToJsonString(JsonLine));
        }
        _writer.Flush();
    }

    public void Dispose()
    {
        _csv?.Dispose();
        _writer.Dispose();
    }
}
