using Fewshot.Faces;
using Fewshot.Models;
using Fewshot.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Fewshot.Cli.Commands;

/// <summary>What Fewshot found on this machine: native runtime, threads, precision, models.</summary>
public sealed class InfoCommand(IAnsiConsole console) : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellation)
    {
        NativeRuntime.EnsureLoaded();
        var output = console.Profile.Out.Writer;
        output.WriteLine($"fewshot {typeof(NativeRuntime).Assembly.GetName().Version?.ToString(3)}");
        output.WriteLine($"libtorch: {torch.__version__} loaded {(NativeRuntime.LoadedFrom == "as shipped" ? "as shipped" : "from patched copy " + NativeRuntime.LoadedFrom)}");
        output.WriteLine($"OMP_WAIT_POLICY (native): {NativeRuntime.NativeEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}");
        output.WriteLine($"threads: {torch.get_num_threads()} of {Environment.ProcessorCount} cores");
        output.WriteLine(Precision.Auto.Resolve(224) == Precision.Bf16
            ? "precision at 224 px: bf16 inference and mixed-precision training (the CPU computes bf16 natively)"
            : "precision at 224 px: fp32 (no native bf16 on this CPU)");
        output.WriteLine($"backbones: {string.Join(", ", BackboneRegistry.All.Select(b => b.Id))}");
        output.WriteLine($"face models: {(FaceModelStore.IsInstalled ? FaceModelStore.ModelDirectory : "not installed (run `fewshot setup faces`)")}");
        output.WriteLine($"cache: {NativeRuntime.CacheDirectory()}");
        return ExitCodes.Ok;
    }
}
