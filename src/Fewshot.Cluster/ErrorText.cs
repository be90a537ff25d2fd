namespace Fewshot.Cluster;

static class ErrorText
{
    /// <summary>An exception's first line without its full stop, to quote inside a sentence of ours.</summary>
    public static string FirstLine(Exception e) => e.Message.Split('\n')[0].Trim().TrimEnd('.');
}
