using System.ComponentModel;
using Fewshot.Data;
using Fewshot.Models;
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
    [Description("Square input size in pixels; by default the size the body was trained at (fewshot info lists them).")]
    public int? Size { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Seed for the split, initial weights, shuffling and augmentation.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--backbone <NAME>")]
    [Description("Pretrained body: resnet18 (CNTK's, comes with Fewshot) or a torchvision body (resnet18_tv, resnet34, resnet50, " +
                 "efficientnet_b0, mobilenet_v3_large), with weights from `fewshot setup backbone NAME` or --weights.")]
    [DefaultValue(BackboneRegistry.DefaultId)]
    public string Backbone { get; init; } = BackboneRegistry.DefaultId;

    [CommandOption("--weights <FILE>")]
    [Description("The torchvision body's weights: a PyTorch state_dict (.pth, .pt) or .safetensors file, instead of the installed official ones.")]
    public string? Weights { get; init; }

    /// <summary>The body asked for, with the weights asked for.</summary>
    public BackboneInfo Body => BackboneRegistry.Get(Backbone).WithWeights(Weights);

    /// <summary>--size, or the body's own size.</summary>
    public int InputSize => Size ?? BackboneRegistry.Get(Backbone).DefaultSize;

    /// <summary>Checks the shared options; derived settings add theirs.</summary>
    protected ValidationResult? ValidateDataset() =>
        Size is < DataOptions.MinSize or > DataOptions.MaxSize
            ? ValidationResult.Error($"--size must be between {DataOptions.MinSize} and {DataOptions.MaxSize}.")
        : BodyProblem(Backbone, Weights) is { } problem ? ValidationResult.Error(problem)
        : null;

    /// <summary>An unknown body, or a weights file for the body that comes with its own.</summary>
    public static string? BodyProblem(string backbone, string? weights) =>
        BackboneRegistry.Find(backbone) is not { } body
            ? $"Unknown backbone '{backbone}'. Known backbones: {string.Join(", ", BackboneRegistry.All.Select(b => b.Id))}."
        : weights is not null && body.Official is null
            ? $"--weights is for the torchvision bodies: {body.Id} comes with its own weights."
        : null;
}
