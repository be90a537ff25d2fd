namespace Fewshot.Cli.Commands;

static class Counted
{
    /// <summary>"1 worker", "2 workers".</summary>
    public static string Of(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
}
