using Fewshot.Cli;
using Fewshot.Tests.Deploy;

namespace Fewshot.Tests.CommandLine;

using Cli = Fewshot.Tests.Reliability.Cli;

/// <summary>
/// What a script reading fewshot's output sees, with both streams redirected as in `fewshot … &gt; out.txt`: each record
/// on one line whatever COLUMNS says, results alone on standard output, warnings and errors on standard error.
/// </summary>
public sealed class ScriptOutputTests(ExportedModelFixture model)
{
    [Fact]
    public void An_error_is_one_line_on_standard_error_whatever_COLUMNS_says()
    {
        var missing = Path.Combine(model.Folder, "a folder whose name is long enough to be wrapped at forty columns");

        var (code, output, errors) = ChildCli.Run(["check", missing, "--no-embeddings"], columns: 40);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.DoesNotContain("error", output);
        var line = Assert.Single(ChildCli.Lines(errors));
        Assert.StartsWith("error:", line);
        Assert.Contains(missing, line);
    }

    [Fact]
    public void A_long_result_line_is_not_wrapped_whatever_COLUMNS_says()
    {
        var onnx = Path.Combine(model.Folder, "a long name so that the line that reports it cannot fit in eighty columns.onnx");

        var (code, output, errors) = ChildCli.Run(["export", model.ModelPath, "--onnx", onnx], columns: 40);

        Assert.True(code == ExitCodes.Ok, output + errors);
        Assert.Contains(ChildCli.Lines(output), l => l.StartsWith("Wrote ") && l.Contains(onnx) && l.EndsWith("(black, grizzly, teddy)."));
    }
}
