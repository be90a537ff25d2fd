using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

/// <summary>The options every command that reads a labelled photo folder shares: train, lr-find, cv.</summary>
public abstract class DatasetSettings : CommandSettings
{
    [CommandArgument(0, "<DATA>")]
    [Description("Folder with train/ and valid/ (or val/) sub-folders of class folders, or one folder per class.")]
    public string Data { get; init; } = "";

    [CommandOption("--size <PIXELS>")]
    [Description("Square input size in pixels.")]
    [DefaultValue(224)]
    public int Size { get; init; } = 224;

    [CommandOption("--seed <SEED>")]
    [Description("Seed for the split, initial weights, shuffling and augmentation.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--backbone <NAME>")]
    [Description("Pretrained backbone.")]
    [DefaultValue("resnet18")]
    public string Backbone { get; init; } = "resnet18";

    /// <summary>Checks the shared options; derived settings add theirs.</summary>
    protected ValidationResult? ValidateDataset() =>
        Size is < 32 or > 1024 ? ValidationResult.Error("--size must be between 32 and 1024.") : null;
}
