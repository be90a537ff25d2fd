using Fewshot.Cli;

namespace Fewshot.Tests.CommandLine;

using Cli = Fewshot.Tests.Reliability.Cli;

/// <summary>
/// The exit codes the README documents, per command: 2 for arguments that cannot be right, 1 for input that cannot be
/// used, each with an `error:` line on standard error and nothing on standard output. Success (0) and the signal codes
/// (130, 143, 129) are covered by each command's own tests.
/// </summary>
public sealed class ExitCodeTests
{
    const string Missing = "/nonexistent/fewshot-exit-code-test";

    [Theory]
    [InlineData("train", Missing, "--size", "0")]
    [InlineData("predict", Missing + ".fewshot", Missing, "--threshold", "2")]
    [InlineData("export", Missing + ".fewshot")]
    [InlineData("interpret", Missing + ".onnx", Missing)]
    [InlineData("lr-find", Missing, "--steps", "1")]
    [InlineData("check", Missing, "--tiny", "-1")]
    [InlineData("cv", Missing, "--folds", "1")]
    [InlineData("serve", "--port", "70000")]
    [InlineData("setup", "everything")]
    [InlineData("demo", "--size", "big")]
    [InlineData("info", "--unknown-option")]
    public void Arguments_that_cannot_be_right_exit_2(params string[] args)
    {
        var (code, output, errors) = Cli.RunSplit(args);

        Assert.True(code == ExitCodes.BadArguments, $"exit {code}:\n{output}{errors}");
        Assert.Equal("", output);
        Assert.NotEqual("", errors);
    }

    [Theory]
    [InlineData("train", Missing, "--out", "/tmp/fewshot-exit-code-test.fewshot")]
    [InlineData("predict", Missing + ".fewshot", Missing)]
    [InlineData("export", Missing + ".fewshot", "--onnx", Missing + ".onnx")]
    [InlineData("interpret", Missing + ".fewshot", Missing)]
    [InlineData("lr-find", Missing, "-o", "/tmp/fewshot-exit-code-test.png")]
    [InlineData("check", Missing)]
    [InlineData("cv", Missing)]
    [InlineData("demo", "--data", Missing)]
    public void Input_that_cannot_be_used_exits_1(params string[] args)
    {
        var (code, output, errors) = Cli.RunSplit(args);

        Assert.True(code == ExitCodes.Failed, $"exit {code}:\n{output}{errors}");
        Assert.DoesNotContain("error:", output);
        Assert.Contains(errors.Split('\n'), l => l.StartsWith("error:"));
    }
}
