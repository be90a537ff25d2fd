#:project ../src/Fewshot/Fewshot.csproj
#:property PublishAot=false
// The network alone, without decoding: forward passes of the default backbone + head at 224 px, batch 32, in
// fp32 and bf16, through the same inference copy `fewshot predict` uses. `dotnet run -c Release bench/InferenceSpeed.cs`
using System.Diagnostics;
using Fewshot.Models;
using Fewshot.Runtime;
using static TorchSharp.torch;

NativeRuntime.EnsureLoaded();
const int size = 224, batch = 32, rounds = 4;
Console.WriteLine($"threads {get_num_threads()}, native bf16: {CpuFeatures.HasNativeBf16}");
foreach (var precision in new[] { Precision.Fp32, Precision.Bf16 })
{
    using var model = InferenceCopy.ForInference(new ClassifierNetwork(BackboneRegistry.Default.Create(), 2), precision);
    using var input = randn(batch, 3, size, size).mul(50).to(precision.DType());
    double Round()
    {
        var clock = Stopwatch.StartNew();
        using (no_grad()) using (var scope = NewDisposeScope()) model.call(input).to(ScalarType.Float32).sum().item<float>();
        return clock.Elapsed.TotalSeconds;
    }
    Round(); // warm-up: oneDNN picks and caches its kernels
    var seconds = Enumerable.Range(0, rounds).Select(_ => Round()).Order().ToList();
    Console.WriteLine($"{precision,-5} {batch / seconds[rounds / 2]:F1} img/s (median of {rounds} batches of {batch})");
}
