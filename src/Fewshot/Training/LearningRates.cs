namespace Fewshot.Training;

/// <summary>
/// Peak learning rates per layer group: one value for all groups, or fastai's <c>slice(lo, hi)</c>
/// spread geometrically from the first group (lowest) to the head (highest).
/// </summary>
public sealed record LearningRates(double Low, double High)
{
    public static LearningRates Constant(double value) => new(value, value);
    public static LearningRates Slice(double low, double high) => new(low, high);

    public double[] ForGroups(int groupCount)
    {
        if (groupCount == 1 || Low == High) return Enumerable.Repeat(High, groupCount).ToArray();
        double ratio = Math.Pow(High / Low, 1.0 / (groupCount - 1));
        return Enumerable.Range(0, groupCount).Select(i => Low * Math.Pow(ratio, i)).ToArray();
    }

    /// <summary>The frozen stage's peak rate when none is given (fastai's default for the head), as typed after --lr.</summary>
    public const string DefaultFrozenText = "3e-3";

    /// <summary>The frozen stage's peak rate when none is given: <see cref="DefaultFrozenText"/>, for every layer group.</summary>
    public static LearningRates DefaultFrozen { get; } = Parse(DefaultFrozenText);

    /// <summary>The unfrozen stage's peak rates when none are given, as typed after --lr2 (measured: <see cref="RecipeOptions.UnfrozenLearningRates"/>).</summary>
    public const string DefaultUnfrozenText = "1e-6:1e-3";

    /// <summary>The unfrozen stage's peak rates when none are given: <see cref="DefaultUnfrozenText"/>, spread over the layer groups.</summary>
    public static LearningRates DefaultUnfrozen { get; } = Parse(DefaultUnfrozenText);

    /// <summary>The highest rate accepted: the learning-rate finder's sweep ends here.</summary>
    public const double MaxRate = 10;

    /// <summary>Parses "3e-3" or "1e-6:1e-2".</summary>
    public static LearningRates Parse(string text)
    {
        var parts = text.Split(':');
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        bool ok = parts.Length is 1 or 2;
        double low = 0, high = 0;
        ok = ok && double.TryParse(parts[0], culture, out low);
        ok = ok && (parts.Length == 1 ? (high = low) > 0 : double.TryParse(parts[1], culture, out high));
        if (!ok || !(low > 0) || !(high > 0) || low > high)
            throw new FewshotException($"'{text}' is not a learning rate: give one positive number (3e-3) or low:high (1e-6:1e-2).");
        if (!(high <= MaxRate))
            throw new FewshotException($"'{text}' is too high a learning rate: above {MaxRate} training can only diverge (the finder sweeps up to 10).");
        return new LearningRates(low, high);
    }

    public override string ToString() => Low == High ? $"{High:G3}" : $"{Low:G3}:{High:G3}";
}
