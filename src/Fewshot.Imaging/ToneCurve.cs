namespace Fewshot.Imaging;

/// <summary>
/// fastai v1 lighting as a 256-entry lookup: in logit space, brightness adds logit(change) and contrast multiplies
/// by scale, i.e. out = sigmoid((logit(in) + logit(change)) · scale).
/// </summary>
internal static class ToneCurve
{
    const double Epsilon = 1e-7; // fastai's logit clamp

    public static byte[] Create(double change, double scale)
    {
        var shift = Logit(change);
        var curve = new byte[256];
        for (var value = 0; value < 256; value++)
        {
            var lit = 1 / (1 + Math.Exp(-(Logit(value / 255.0) + shift) * scale));
            curve[value] = (byte)Math.Clamp(Math.Round(lit * 255), 0, 255);
        }
        return curve;
    }

    static double Logit(double x)
    {
        x = Math.Clamp(x, Epsilon, 1 - Epsilon);
        return Math.Log(x / (1 - x));
    }
}
