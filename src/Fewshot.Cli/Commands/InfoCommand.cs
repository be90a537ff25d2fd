using System.ComponentModel;
using Fewshot.Cli.Json;
using Fewshot.Faces;
using Fewshot.Models;
using Fewshot.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Fewshot.Cli.Commands;

public sealed class InfoSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print one JSON document instead of the text.")]
    public bool Json { get; init; }
}

/// <summary>What Fewshot found on this machine: native runtime, threads, precision, models.</summary>
public sealed class InfoCommand(IAnsiConsole console) : Command<InfoSettings>
{
    public override int Execute(CommandContext context, InfoSettings settings, CancellationToken cancellation)
    {
        NativeRuntime.EnsureLoaded();
        var info = new InfoJson(FewshotApp.Version, torch.__version__, NativeRuntime.LoadedFrom,
            NativeRuntime.NativeEnvironmentVariable("OMP_WAIT_POLICY"), torch.get_num_threads(), Environment.ProcessorCount,
            Precision.Auto.Resolve(BackboneRegistry.Default.DefaultSize) == Precision.Bf16, BackboneRegistry.All.Select(b => b.Id).ToList(),
            BackboneRegistry.All.Select(BodyJson.From).ToList(),
            FaceModelStore.IsInstalled ? FaceModelStore.ModelDirectory : null, NativeRuntime.CacheDirectory());
        if (settings.Json)
        {
            JsonOutput.Write(console, info);
            return ExitCodes.Ok;
        }
        var output = console.Profile.Out.Writer;
        output.WriteLine($"fewshot {info.Version}");
        output.WriteLine($"libtorch: {info.Libtorch} loaded {(info.LoadedFrom == "as shipped" ? "as shipped" : "from patched copy " + info.LoadedFrom)}");
        output.WriteLine($"OMP_WAIT_POLICY (native): {info.OmpWaitPolicy ?? "(unset)"}");
        output.WriteLine($"threads: {info.Threads} of {info.Cores} cores");
        var size = BackboneRegistry.Default.DefaultSize;
        output.WriteLine(info.NativeBf16
            ? $"precision at {size} px: bf16 inference and mixed-precision training (the CPU computes bf16 natively)"
            : $"precision at {size} px: fp32 (no native bf16 on this CPU)");
        output.WriteLine("backbones:");
        foreach (var body in info.Bodies)
            output.WriteLine($"  {body.Id,-20}{(body.ImagenetTop1 is { } top1 ? $"top-1 {top1:F1}%" : "CNTK"),-14}" +
                             (body.Weights is { } file ? $"weights {file}" : $"weights not installed ({body.Install})"));
        output.WriteLine($"face models: {info.FaceModels ?? "not installed (run `fewshot setup faces`)"}");
        output.WriteLine($"cache: {info.Cache}");
        return ExitCodes.Ok;
    }
}
