using System.Globalization;
using Fewshot.Models.Weights;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using Fewshot.Inference;

namespace Fewshot.Cli.Commands;

/// <summary>
/// Batch-scoring results, one row per photo (or per face, <see cref="ResultsLayout.EveryFace"/>), appended and flushed
/// as they come so that an interrupted run can resume: CSV with <see cref="ResultsLayout.Header"/>'s columns (the last,
/// model, the model file's fingerprint when known) or JSON Lines for .json/.jsonl. Reopening an existing file keeps its
/// complete rows and reports them as done; a half-written last row is dropped.
/// </summary>
sealed class ResultsFile : IDisposable
{
    static readonly JsonSerializerOptions JsonLine = new() { WriteIndented = false };
    static readonly CsvConfiguration Csv = new(CultureInfo.InvariantCulture);

    readonly ResultsLayout _layout;
    readonly StreamWriter _writer;
    readonly CsvWriter? _csv;
    readonly HashSet<string> _written;
    readonly HashSet<string> _doneFiles;

    /// <summary>Photos whose rows are all in the file already.</summary>
    public int DoneCount => _doneFiles.Count;

    /// <summary>Whether every row of <paramref name="file"/> is in the file (rows are written photo by photo, so with every
    /// face named only the last photo written can be short of some faces).</summary>
    public bool IsDone(string file) => _doneFiles.Contains(file);

    /// <summary>Whether this row's key (file, and face with every face named) is in the file.</summary>
    public bool Has(ResultsRow row) => _written.Contains(_layout.Key(row.File, row.Face));

    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".json" or ".jsonl";

    /// <summary>The first 16 hex digits of the model file's SHA-256: which model a row came from.</summary>
    public static string Fingerprint(string modelPath) => FileHash.Sha256(modelPath)[..16];

    ResultsFile(string path, ResultsLayout layout, List<(string File, string Key)> rows, bool writeHeader)
    {
        _layout = layout;
        _written = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        _doneFiles = rows.Select(r => r.File).ToHashSet(StringComparer.Ordinal);
        if (layout.EveryFace && rows.Count > 0) _doneFiles.Remove(rows[^1].File);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            _csv = new CsvWriter(_writer, Csv, leaveOpen: true);
            if (writeHeader)
            {
                foreach (var field in layout.Header) _csv.WriteField(field);
                _csv.NextRecord();
                _csv.Flush();
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> to append rows. An existing file is read first and must be this command's results (the
    /// same columns, rows that are results rows, and the same model fingerprint in each): anything else is refused untouched.
    /// Only then is a row cut short by an interruption dropped.
    /// </summary>
    public static ResultsFile Open(string path, ResultsLayout layout)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var length = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (length == 0) return new ResultsFile(path, layout, [], writeHeader: true);
        var content = File.ReadAllBytes(path);
        var end = Array.LastIndexOf(content, (byte)'\n') + 1;
        if (end == 0) throw NotResults(path, "it holds no complete line");
        var text = new UTF8Encoding(false).GetString(content, 0, end);
        var isCsv = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        var rows = isCsv ? CsvRows(path, text, layout) : JsonRows(path, text, layout);
        if (end < length) DropAfter(path, end);
        return new ResultsFile(path, layout, rows, writeHeader: false);
    }

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

    static List<(string File, string Key)> CsvRows(string path, string text, ResultsLayout layout)
    {
        using var reader = new CsvReader(new StringReader(text), Csv);
        var header = layout.Header;
        if (!reader.Read() || !reader.ReadHeader() || !reader.HeaderRecord!.SequenceEqual(header))
            throw NotResults(path, $"its first line is not '{string.Join(",", header)}': another model or classes, or another file");
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            if (layout.Model is { } model && reader.GetField(header.Length - 1) is var found && found != model) throw AnotherModel(path, found, model);
            var file = reader.GetField(0)!;
            int? face = layout.EveryFace && int.TryParse(reader.GetField(1), CultureInfo.InvariantCulture, out var index) ? index : null;
            rows.Add((file, layout.Key(file, face)));
        }
        return rows;
    }

    static List<(string File, string Key)> JsonRows(string path, string text, ResultsLayout layout)
    {
        var rows = new List<(string, string)>();
        foreach (var (line, number) in text.Split('\n').Select((l, i) => (l, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            string? found;
            try
            {
                using var row = JsonDocument.Parse(line);
                var file = row.RootElement.GetProperty("file").GetString()!;
                bool perFace = row.RootElement.TryGetProperty(ResultsLayout.FaceIndexKey, out var index);
                if (perFace != layout.EveryFace)
                    throw NotResults(path, perFace ? $"line {number} names a face: its rows are per face (--all-faces)"
                                                   : $"line {number} names no face: its rows are per photo (without --all-faces)");
                int? face = perFace && index.ValueKind == JsonValueKind.Number ? index.GetInt32() : null;
                rows.Add((file, layout.Key(file, face)));
                found = row.RootElement.TryGetProperty("model", out var fingerprint) ? fingerprint.GetString() : null;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw NotResults(path, $"line {number} is not a results row: {e.Message.TrimEnd('.')}");
            }
            if (found != layout.Model) throw AnotherModel(path, found, layout.Model ?? "(none)");
        }
        return rows;
    }

    public void Write(ResultsRow row)
    {
        if (_csv is not null)
        {
            foreach (var field in _layout.Fields(row)) _csv.WriteField(field);
            _csv.NextRecord();
            _csv.Flush();
        }
        else _writer.WriteLine(_layout.Json(row).ToJsonString(JsonLine));
        _writer.Flush();
        _written.Add(_layout.Key(row.File, row.Face));
    }

    public void Dispose()
    {
        _csv?.Dispose();
        _writer.Dispose();
    }
}
