using Fewshot.Evaluation;

namespace Fewshot.Cli.Rendering;

static class Report
{
    public static string Accuracy(Proportion p) => p.ToString();
}
