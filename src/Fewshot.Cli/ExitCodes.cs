namespace Fewshot.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The data, a model file or a photo could not be used; the message says what to fix.</summary>
    public const int Failed = 1;
    /// <summary>Bad command-line arguments.</summary>
    public const int BadArguments = 2;
    /// <summary>Stopped by Ctrl-C after saving.</summary>
    public const int Interrupted = 130;
}
