using Fewshot.Export;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

/// <summary>
/// Checks on the files a command will write: the right extension (so `--report model.fewshot` cannot replace a
/// model) when the arguments are parsed, and that each can be written before the work starts, not after it.
/// </summary>
static class OutputOptions
{
    /// <summary>An error when <paramref name="path"/> is given and does not end in one of <paramref name="extensions"/>.</summary>
    public static ValidationResult? RequireExtension(string? path, string option, params string[] extensions) =>
        path is null || extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? null
        : ValidationResult.Error($"{option} must name a {string.Join(" or ", extensions)} file (got '{path}').");

    /// <summary>Fails now, naming the reason, if any of the given files could not be written later.</summary>
    public static void EnsureWritable(params string?[] paths)
    {
        foreach (var path in paths)
            if (path is not null) AtomicFile.EnsureWritable(path);
    }
}
