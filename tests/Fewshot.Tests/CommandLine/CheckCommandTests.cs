using System.Text.Json;
using Fewshot.Cli;

namespace Fewshot.Tests.CommandLine;

using Cli = Fewshot.Tests.Reliability.Cli;

/// <summary>`fewshot check` for scripts and CI: --strict, --json, and a report with pictures of what it found.</summary>
public sealed class CheckCommandTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-check-cli-");
    public void Dispose() => _dir.Delete(recursive: true);

    string Clean() => Reliability.MessyFolder.CopyBears(Path.Combine(_dir.FullName, "clean"), trainPerClass: 2, validPerClass: 1);

    /// <summary>Bears with an unreadable file and a black bear's photo copied into the grizzly class.</summary>
    string WithFindings()
    {
        var root = Reliability.MessyFolder.CopyBears(Path.Combine(_dir.FullName, "messy"), trainPerClass: 2, validPerClass: 1);
        File.WriteAllBytes(Path.Combine(root, "train", "black", "broken.jpg"), [1, 2, 3, 4]);
        File.Copy(Reliability.MessyFolder.FirstPhoto(root, "train", "black"), Path.Combine(root, "train", "grizzly", "copied-from-black.jpg"));
        return root;
    }

    [Fact]
    public void Strict_exits_1_when_the_check_finds_problems_and_0_on_clean_data()
    {
        var messy = WithFindings();
        var (plain, plainOutput) = Cli.Run("check", messy, "--no-embeddings");
        Assert.True(plain == ExitCodes.Ok, plainOutput);

        var (code, output, errors) = Cli.RunSplit("check", messy, "--no-embeddings", "--strict");

        Assert.True(code == ExitCodes.Failed, output + errors);
        Assert.Contains("broken.jpg", output);
        Assert.Contains(errors.Split('\n'), l => l.StartsWith("error:") && l.Contains("--strict"));
        var (clean, cleanOutput) = Cli.Run("check", Clean(), "--no-embeddings", "--strict");
        Assert.True(clean == ExitCodes.Ok, cleanOutput);
    }

    [Fact]
    public void Json_prints_one_document_with_every_finding_and_nothing_else_on_standard_output()
    {
        var (code, output, errors) = Cli.RunSplit("check", WithFindings(), "--no-embeddings", "--json");

        Assert.True(code == ExitCodes.Ok, output + errors);
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("kind").GetString() == "unreadable"
                                       && f.GetProperty("paths")[0].GetString()!.EndsWith("broken.jpg"));
        var duplicate = Assert.Single(json.RootElement.GetProperty("duplicates").EnumerateArray());
        Assert.True(duplicate.GetProperty("identical").GetBoolean());
        Assert.True(duplicate.GetProperty("acrossClasses").GetBoolean());
        Assert.Equal(10, json.RootElement.GetProperty("photos").GetInt32());
    }

    [Fact]
    public void The_report_is_a_page_with_thumbnails_of_each_duplicate_pair_and_the_atypical_photos()
    {
        var report = Path.Combine(_dir.FullName, "check.html");

        var (code, output) = Cli.Run("check", WithFindings(), "--report", report);

        Assert.True(code == ExitCodes.Ok, output);
        var html = File.ReadAllText(report);
        Assert.DoesNotContain("<pre>", html);
        Assert.Contains("broken.jpg", html);
        Assert.True(Pictures(Section(html, "duplicate-pairs")) >= 2, "both photos of the pair are shown");
        Assert.True(Pictures(Section(html, "atypical-photos")) >= 3 * 2, "the atypical photos of each class are shown");
    }

    static string Section(string html, string id)
    {
        int start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        int end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    static int Pictures(string html) => html.Split("src=\"data:image/jpeg;base64,").Length - 1;
}
