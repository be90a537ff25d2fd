using System.ComponentModel;
using Fewshot.Cli.Json;
using Fewshot.Export;
using Fewshot.Export.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class ExportSettings : CommandSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("A .fewshot model file.")]
    public string Model { get; init; } = "";

    [CommandOption("--onnx <FILE>")]
    [Description("Write an ONNX file (opset 13) with the preprocessing inside: input N×S×S×3 RGB pixels, output class probabilities.")]
    public string? Onnx { get; init; }

    [CommandOption("--safetensors <FILE>")]
    [Description("Write the weights as .safetensors for PyTorch: the body under torchvision's names, the head under fastai v1's (head.2 … head.8), the classes and preprocessing in the metadata.")]
    public string? Safetensors { get; init; }

    [CommandOption("--input <TYPE>")]
    [Description("Element type of the ONNX input: uint8 (pixels as bytes) or float (0–255).")]
    [DefaultValue("uint8")]
    public string Input { get; init; } = "uint8";

    [CommandOption("--json")]
    [Description("Print one JSON document (the ONNX file's input, output, classes and preprocessing) instead of the text.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Onnx) && string.IsNullOrWhiteSpace(Safetensors)
            ? ValidationResult.Error("Say where to write the model: --onnx OUT.onnx and/or --safetensors OUT.safetensors.")
        : OutputOptions.RequireExtension(Onnx, "--onnx", ".onnx") is { } onnx ? onnx
        : OutputOptions.RequireExtension(Safetensors, "--safetensors", ".safetensors") is { } safetensors ? safetensors
        : Model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
            ? ValidationResult.Error($"'{Model}' is already an ONNX export: `fewshot export` reads the .fewshot model it was made from.")
        : Input.ToLowerInvariant() is not ("uint8" or "float") ? ValidationResult.Error("--input must be uint8 or float.")
        : ValidationResult.Success();
}

public sealed class ExportCommand(IAnsiConsole console, StandardError stderr) : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellation)
    {
        OutputOptions.EnsureWritable(settings.Onnx, settings.Safetensors);
        if (ModelFile.ReadManifest(settings.Model).Training is { Epochs.Count: 0 })
            stderr.Warning($"'{settings.Model}' is untrained: it was trained for no epoch, so its head is random and its predictions are guesses.");
        if (settings.Safetensors is not null)
        {
            SafetensorsExport.FromModelFile(settings.Model, settings.Safetensors);
            (settings.Json ? stderr.Console : console).MarkupLine($"Wrote [bold]{Markup.Escape(settings.Safetensors)}[/]: the body under torchvision's names, " +
                                                               "the head under fastai v1's (head.2 … head.8).");
            if (settings.Onnx is null)
            {
                if (settings.Json) JsonOutput.Write(console, new { safetensors = settings.Safetensors });
                return ExitCodes.Ok;
            }
        }
        var inputType = settings.Input.Equals("float", StringComparison.OrdinalIgnoreCase) ? OnnxInputType.Float : OnnxInputType.Uint8;
        var info = OnnxExport.FromModelFile(settings.Model, settings.Onnx!, inputType);
        if (settings.Json)
        {
            JsonOutput.Write(console, ExportJson.From(settings.Onnx!, info));
            return ExitCodes.Ok;
        }
        console.MarkupLine($"Wrote [bold]{Markup.Escape(settings.Onnx!)}[/]: input '{Fewshot.Inference.OnnxModelInfo.InputName}' " +
                           $"N×{info.Size}×{info.Size}×3 RGB {info.InputType}, output '{Fewshot.Inference.OnnxModelInfo.OutputName}' " +
                           $"over {info.Classes.Count} classes ({Markup.Escape(string.Join(", ", info.Classes))}).");
        console.MarkupLine($"Decode photos with their short side at {info.DecodeMinSide} px and resize ({info.Resize.ToString().ToLowerInvariant()}) " +
                           $"to {info.Size}×{info.Size} first, or use Fewshot.Inference's Classifier, which does" +
                           (info.DecodeSlack > 1
                               ? $" (it keeps a photo as decoded, at reduced scale where the format allows, when its short side is at most " +
                                 $"{info.DecodeSlack.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}× that)."
                               : "."));
        return ExitCodes.Ok;
    }
}
