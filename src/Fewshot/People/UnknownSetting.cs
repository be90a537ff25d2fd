using System.Globalization;

namespace Fewshot.People;

/// <summary>How a people model decides that a face belongs to none of its people.</summary>
public enum UnknownMode
{
    /// <summary>Beyond a distance chosen by leave-persons-out on the training faces (<see cref="LeavePersonsOut"/>).</summary>
    Auto,
    /// <summary>Never by distance: every face is named (a probability threshold may still say unknown).</summary>
    Off,
    /// <summary>Beyond a distance the user gives.</summary>
    Distance,
}

/// <summary>The unknown-face setting of a people model: auto, off, or a fixed distance (<c>--unknown auto|off|DISTANCE</c>).</summary>
public readonly record struct UnknownSetting(UnknownMode Mode, float Distance = float.PositiveInfinity)
{
    public static UnknownSetting Auto => new(UnknownMode.Auto);
    public static UnknownSetting Off => new(UnknownMode.Off);
    public static UnknownSetting At(float distance) => new(UnknownMode.Distance, distance);

    /// <summary>"auto", "off", or a positive distance such as "0.55"; null when the text is none of these.</summary>
    public static UnknownSetting? Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "auto") return Auto;
        if (value == "off") return Off;
        return float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var distance) && distance > 0 && float.IsFinite(distance)
            ? At(distance) : null;
    }

    public override string ToString() => Mode switch
    {
        UnknownMode.Auto => "auto",
        UnknownMode.Off => "off",
        _ => Distance.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
