using Fewshot.Cli;
using Fewshot.Tests.Deploy;
using Fewshot.Tests.Reliability;

namespace Fewshot.Tests.CommandLine;

using Cli = Fewshot.Tests.Reliability.Cli;

public sealed class ReportTests(ExportedModelFixture model) : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-report-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void The_report_shows_the_preview_the_run_wrote_beside_the_model()
    {
        var bears = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 4, validPerClass: 2);
        var prefix = Path.Combine(_dir.FullName, "figures");
        var report = Path.Combine(_dir.FullName, "report.html");

        var (code, output) = Cli.Run("interpret", model.ModelPath, bears, "--seed", "3", "-o", prefix, "--report", report);

        Assert.True(code == ExitCodes.Ok, output);
        var preview = Convert.ToBase64String(File.ReadAllBytes(prefix + ".preview.png"));
        Assert.Contains($"src=\"data:image/png;base64,{preview}\"", File.ReadAllText(report));
    }
}
