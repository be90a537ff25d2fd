namespace Fewshot.Imaging;

/// <summary>A tiny local PRNG, so each augmentation call owns its randomness (no shared state between threads).</summary>
internal struct SplitMix64(ulong seed)
{
    ulong state = seed;

    public ulong NextUInt64() => SeedMixer.Finalize(state = unchecked(state + 0x9E3779B97F4A7C15));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;
}
