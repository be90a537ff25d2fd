using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Fewshot.Cli;
using Fewshot.Cli.Commands;
using Spectre.Console.Cli;

namespace Fewshot.Tests.CommandLine;

using Cli = Fewshot.Tests.Reliability.Cli;

/// <summary>The command line's own contract: version, suggestions, help text, option conventions.</summary>
public sealed class CommandLineTests
{
    /// <summary>Every command whose options follow the conventions (predict's options are owned elsewhere and join later).</summary>
    static readonly (string Command, Type Settings)[] Commands =
    [
        ("train", typeof(TrainSettings)), ("check", typeof(CheckSettings)), ("cv", typeof(CvSettings)),
        ("interpret", typeof(InterpretSettings)), ("lr-find", typeof(LrFindSettings)), ("export", typeof(ExportSettings)),
        ("predict", typeof(PredictSettings)), ("demo", typeof(DemoSettings)), ("serve", typeof(ServeSettings)), ("setup", typeof(SetupSettings)), ("info", typeof(InfoSettings)),
    ];

    static IEnumerable<(PropertyInfo Property, CommandOptionAttribute Option)> Options(Type settings) =>
        settings.GetProperties().Select(p => (p, p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(x => x.Item2 is not null).Select(x => (x.p, x.Item2!));

    [Fact]
    public void Version_prints_the_package_version_on_standard_output()
    {
        var version = typeof(FewshotApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

        var (code, output, errors) = Cli.RunSplit("--version");

        Assert.True(code == 0, output + errors);
        Assert.Equal(version, output.Trim());
    }

    [Fact]
    public void A_mistyped_command_is_a_usage_error_that_suggests_the_command_meant()
    {
        var (code, output, errors) = Cli.RunSplit("trian", "photos/");

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Equal("", output);
        Assert.Contains("Did you mean 'train'?", errors);
    }

    [Fact]
    public void Bare_fewshot_is_a_usage_error_with_the_help_on_standard_error()
    {
        var (code, output, errors) = Cli.RunSplit();

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Equal("", output);
        Assert.Contains("USAGE:", errors);
        Assert.Contains("train <DATA>", errors);
    }

    [Fact]
    public void Every_option_has_a_description_and_every_option_taking_a_value_shows_a_placeholder()
    {
        foreach (var (command, settings) in Commands)
            foreach (var (property, option) in Options(settings))
            {
                var name = $"{command} --{option.LongNames[0]}";
                Assert.False(string.IsNullOrWhiteSpace(property.GetCustomAttribute<DescriptionAttribute>()?.Description), $"{name} has no description");
                if (property.PropertyType == typeof(bool)) Assert.True(option.ValueName is null, $"{name} is a flag: no value");
                else Assert.True(option.ValueName is { Length: > 0 }, $"{name} shows no <VALUE> placeholder");
            }
    }

    [Fact]
    public void Enum_values_are_lowercase_in_help_and_in_the_error_for_a_wrong_one()
    {
        foreach (var (command, settings) in Commands)
        {
            var help = Cli.RunSplit(command, "--help").Out.Split('\n');
            var defaults = Activator.CreateInstance(settings)!;
            foreach (var (property, option) in Options(settings).Where(o => o.Property.PropertyType.IsEnum))
            {
                var line = help.First(l => Regex.IsMatch(l, $@"^\s+(-\w, )?--{option.LongNames[0]}\b"));
                var value = property.GetValue(defaults)!.ToString()!;
                Assert.Contains($" {value.ToLowerInvariant()} ", line);
                Assert.DoesNotContain($" {value} ", line.Replace($" {value.ToLowerInvariant()} ", " "));
            }
        }
        var (code, _, errors) = Cli.RunSplit("train", "photos/", "--resize", "sqush");
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("'crop', 'squish', 'pad'", errors);
        // Only the names: Enum.Parse would also take a number, or "crop,pad" combined into another value.
        Assert.Equal(ExitCodes.BadArguments, Cli.RunSplit("train", "photos/", "--resize", "1").ExitCode);
        Assert.Equal(ExitCodes.BadArguments, Cli.RunSplit("train", "photos/", "--resize", "crop,pad").ExitCode);
    }

    [Fact]
    public void Every_out_option_has_the_short_form_o()
    {
        foreach (var (command, settings) in Commands)
            foreach (var (_, option) in Options(settings).Where(o => o.Option.LongNames.Contains("out")))
                Assert.True(option.ShortNames.Contains("o"), $"{command} --out has no -o");
    }

    [Fact]
    public void Train_refuses_a_model_file_that_does_not_end_in_fewshot()
    {
        var (code, output, errors) = Cli.RunSplit("train", "photos/", "--out", "model.txt");

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Equal("", output);
        Assert.Contains("--out must name a .fewshot file (got 'model.txt')", errors);
    }
}
