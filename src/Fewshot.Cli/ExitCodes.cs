namespace Fewshot.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The data, a model file or a photo could not be used; the message says what to fix.</summary>
    public const int Failed = 1;
    /// <summary>Bad command-line arguments.</summary>
    public const int BadArguments = 2;
    /// <summary>Stopped by Ctrl-C (SIGINT) after saving. Commands return it for any stopping signal; see <see cref="InterruptHandler.ExitCode"/>.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM after saving what Ctrl-C saves.</summary>
    public const int Terminated = 143;
    /// <summary>Stopped by SIGHUP (the terminal closed) after saving what Ctrl-C saves.</summary>
    public const int HungUp = 129;
}
