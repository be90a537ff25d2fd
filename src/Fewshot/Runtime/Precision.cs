namespace Fewshot.Runtime;

/// <summary>Floating-point format of a forward pass.</summary>
public enum Precision
{
    /// <summary>bf16 where the CPU computes it natively (AVX512-BF16 or AMX), else fp32.</summary>
    Auto,
    Fp32,
    Bf16,
}

public static class PrecisionExtensions
{
    /// <summary>Resolves <see cref="Precision.Auto"/> for this machine.</summary>
    public static Precision Resolve(this Precision precision) =>
        precision == Precision.Auto ? (CpuFeatures.HasNativeBf16 ? Precision.Bf16 : Precision.Fp32) : precision;
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
