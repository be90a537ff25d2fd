namespace Fewshot.Runtime;

/// <summary>Floating-point format of a forward pass.</summary>
public enum Precision
{
    /// <summary>
    /// bf16 at inputs of 128 px or more on CPUs that compute it natively (AVX512-BF16 or AMX): inference passes
    /// (frozen features, validation, prediction) and mixed-precision training of the unfrozen stage (bf16 working
    /// copy, fp32 master weights); fp32 otherwise. Measured on a quiet 2-core AVX512-BF16 machine at 224 px, batch 16:
    /// forward 32 → 57 img/s, a training step 10 → 18 img/s; at 64 px bf16 is slower than fp32.
    /// </summary>
    Auto,
    Fp32,
    Bf16,
}

public static class PrecisionExtensions
{
    /// <summary>Resolves <see cref="Precision.Auto"/> for this machine and an input size.</summary>
    public static Precision Resolve(this Precision precision, int inputSize = 224) =>
        precision != Precision.Auto ? precision
        : inputSize >= 128 && CpuFeatures.HasNativeBf16 ? Precision.Bf16
        : Precision.Fp32;
}

/// <summary>What this CPU can do, read once from /proc/cpuinfo (Linux x64); elsewhere nothing is assumed.</summary>
public static class CpuFeatures
{
    static readonly Lazy<IReadOnlySet<string>> Flags = new(ReadFlags);

    public static bool HasNativeBf16 => Flags.Value.Contains("avx512_bf16") || Flags.Value.Contains("amx_bf16");

    static IReadOnlySet<string> ReadFlags()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return line is null ? new HashSet<string>() : line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HashSet<string>();
        }
    }
}
