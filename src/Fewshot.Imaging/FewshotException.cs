namespace Fewshot;

/// <summary>An error the user can act on: its message names what went wrong and how to fix it.</summary>
public class FewshotException(string message, Exception? inner = null) : Exception(message, inner);
