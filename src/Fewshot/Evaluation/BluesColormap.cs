using ScottPlot;

namespace Fewshot.Evaluation;

/// <summary>
/// White for zero through mid blue to navy for the most: empty cells stay quiet and the diagonal stands out.
/// (ScottPlot's own Blues runs the other way, making the many zero cells the darkest.)
/// </summary>
sealed class BluesColormap : IColormap
{
    static readonly Color[] Stops = [new(0xF7, 0xFB, 0xFF), new(0x6B, 0xAE, 0xD6), new(0x08, 0x30, 0x6B)];

    public string Name => "Fewshot blues";

    public Color GetColor(double position)
    {
        if (double.IsNaN(position)) return Colors.Transparent;
        var scaled = Math.Clamp(position, 0, 1) * (Stops.Length - 1);
        var i = Math.Min((int)scaled, Stops.Length - 2);
        var t = scaled - i;
        return new Color(Mix(Stops[i].R, Stops[i + 1].R, t), Mix(Stops[i].G, Stops[i + 1].G, t), Mix(Stops[i].B, Stops[i + 1].B, t));
    }

    /// <summary>Whether text on this colour should be white rather than black to stay legible.</summary>
    public static bool IsDark(Color color) => 0.299 * color.R + 0.587 * color.G + 0.114 * color.B < 140;

    static byte Mix(byte from, byte to, double t) => (byte)Math.Round(from + (to - from) * t);
}
