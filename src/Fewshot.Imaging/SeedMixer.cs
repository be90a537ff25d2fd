namespace Fewshot.Imaging;

/// <summary>
/// Derives an independent seed per (run seed, epoch, item), so augmentation of an item does not depend on
/// which worker thread reaches it first.
/// </summary>
public static class SeedMixer
{
    const ulong Golden = 0x9E3779B97F4A7C15;

    public static ulong Mix(ulong seed, long epoch, long item)
    {
        var h = Finalize(seed + Golden);
        h = Finalize(h ^ Finalize(unchecked((ulong)epoch + 2 * Golden)));
        return Finalize(h ^ Finalize(unchecked((ulong)item + 3 * Golden)));
    }

    /// <summary>The splitmix64 output function: a bijective 64-bit avalanche.</summary>
    internal static ulong Finalize(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
