using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;

namespace Fewshot.Tests.Cluster;

/// <summary>
/// Compares results files row by row, whatever their order: the same rows, keyed by file (and face), with the same text
/// fields, and numbers equal to within float rounding. Workers run the network on another thread count than the test
/// process, which changes the last bits of a probability or a face box, never a label.
/// </summary>
static class ResultRows
{
    const double Tolerance = 1e-4;

    public static void AssertSame(string expectedFile, string actualFile)
    {
        var expected = Read(expectedFile);
        var actual = Read(actualFile);
        Assert.Equal(expected.Header, actual.Header);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        Assert.Equal(expected.Rows.Keys.Order(StringComparer.Ordinal), actual.Rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, fields) in expected.Rows)
        {
            var other = actual.Rows[key];
            Assert.Equal(fields.Count, other.Count);
            for (int i = 0; i < fields.Count; i++)
                if (!Same(fields[i], other[i]))
                    Assert.Fail($"{key}: field {i} is '{other[i]}', locally '{fields[i]}'");
        }
    }

    static bool Same(string a, string b) =>
        a == b || double.TryParse(a, CultureInfo.InvariantCulture, out var x) && double.TryParse(b, CultureInfo.InvariantCulture, out var y)
            && Math.Abs(x - y) <= Tolerance * Math.Max(1, Math.Abs(x));

    /// <summary>The header (or JSON property names) and each row's fields by key; a key seen twice fails.</summary>
    static (string Header, Dictionary<string, List<string>> Rows) Read(string file)
    {
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (file.EndsWith(".csv", StringComparison.Ordinal))
        {
            using var csv = new CsvReader(new StringReader(File.ReadAllText(file)), CultureInfo.InvariantCulture);
            csv.Read();
            csv.ReadHeader();
            var header = csv.HeaderRecord!;
            var faceColumn = Array.IndexOf(header, "face");
            while (csv.Read())
            {
                var fields = Enumerable.Range(0, header.Length).Select(i => csv.GetField(i) ?? "").ToList();
                Assert.True(rows.TryAdd(fields[0] + (faceColumn > 0 ? "#" + fields[faceColumn] : ""), fields), $"{fields[0]} twice in {file}");
            }
            return (string.Join(",", header), rows);
        }
        foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0))
        {
            var fields = new List<string>();
            Flatten(JsonNode.Parse(line)!, "", fields);
            var row = JsonNode.Parse(line)!.AsObject();
            var key = $"{row["file"]}#{row["faceIndex"]?.ToJsonString()}";
            Assert.True(rows.TryAdd(key, fields), $"{key} twice in {file}");
        }
        return ("json", rows);
    }

    static void Flatten(JsonNode? node, string path, List<string> fields)
    {
        if (node is JsonObject obj)
            foreach (var (name, value) in obj) Flatten(value, $"{path}.{name}", fields);
        else fields.AddRange([path, node?.ToJsonString() ?? "null"]);
    }
}
