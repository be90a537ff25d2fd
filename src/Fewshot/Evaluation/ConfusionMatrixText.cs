using System.Globalization;
using System.Text;

namespace Fewshot.Evaluation;

/// <summary>Plain-text renderings of a confusion matrix for the terminal and reports.</summary>
static class ConfusionMatrixText
{
    const string Corner = "actual \\ predicted";

    public static string Format(ConfusionMatrix matrix)
    {
        var n = matrix.Classes.Count;
        var labelWidth = Math.Max(Corner.Length, matrix.Classes.Max(c => c.Length));
        var widths = new int[n];
        for (var p = 0; p < n; p++)
        {
            widths[p] = matrix.Classes[p].Length;
            for (var a = 0; a < n; a++)
                widths[p] = Math.Max(widths[p], Count(matrix[a, p]).Length);
        }

        var text = new StringBuilder();
        text.Append(Corner.PadRight(labelWidth));
        for (var p = 0; p < n; p++) text.Append("  ").Append(matrix.Classes[p].PadLeft(widths[p]));
        text.AppendLine();
        for (var a = 0; a < n; a++)
        {
            text.Append(matrix.Classes[a].PadRight(labelWidth));
            for (var p = 0; p < n; p++) text.Append("  ").Append(Count(matrix[a, p]).PadLeft(widths[p]));
            text.AppendLine();
        }
        return text.ToString();
    }

    static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
