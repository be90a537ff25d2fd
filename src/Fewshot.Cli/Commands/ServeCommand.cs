using System.ComponentModel;
using Fewshot.Web;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class ServeSettings : CommandSettings
{
    [CommandOption("--port <PORT>")]
    [Description("Port to listen on (0: any free port).")]
    [DefaultValue(8765)]
    public int Port { get; init; } = 8765;

    [CommandOption("--projects <DIR>")]
    [Description("Folder where projects (photos, models, results) are kept. Default: ~/fewshot-projects.")]
    public string? Projects { get; init; }

    [CommandOption("--host <ADDRESS>")]
    [Description("Address to bind. Default 127.0.0.1 (this machine only); 0.0.0.0 opens the page to the network.")]
    [DefaultValue("127.0.0.1")]
    public string Host { get; init; } = "127.0.0.1";

    [CommandOption("--allow-host <NAME>")]
    [Description("Another host name the page may be reached by (repeatable), e.g. when binding to 0.0.0.0.")]
    public string[] AllowHost { get; init; } = [];

    [CommandOption("--import-root <DIR>")]
    [Description("A folder the page may import photos from, with every folder under it (repeatable); 'none' turns folder import off. " +
                 "Default: your home directory.")]
    public string[] ImportRoot { get; init; } = [];

    /// <summary>null: the default (the home directory); empty: import off.</summary>
    public IReadOnlyList<string>? ImportRoots => ImportRoot.Length == 0 ? null
        : ImportRoot.Contains("none", StringComparer.OrdinalIgnoreCase) ? [] : ImportRoot;

    public override ValidationResult Validate() =>
        Port is < 0 or > 65535 ? ValidationResult.Error($"--port {Port} is not a port number (0 to 65535).") : ValidationResult.Success();
}

/// <summary>Serves the local web page to train and test classifiers without writing code.</summary>
public sealed class ServeCommand(IAnsiConsole console, StandardError stderr) : Command<ServeSettings>
{
    public override int Execute(CommandContext context, ServeSettings settings, CancellationToken cancellation)
    {
        var options = new WebServerOptions
        {
            Host = settings.Host, Port = settings.Port, AllowedHosts = settings.AllowHost,
            ProjectsDirectory = settings.Projects ?? WebServerOptions.DefaultProjectsDirectory, ImportRoots = settings.ImportRoots,
        };
        if (!options.IsLoopback)
            stderr.Warning($"listening on {options.Host}: anyone on the network who gets the address with its token " +
                           "can see your photos and train on this machine. Traffic is not encrypted.");
        using var interrupt = new InterruptHandler(console, "Stopping the server.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, interrupt.Token);
        var server = new WebServer(options);
        try
        {
            server.StartAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new FewshotException($"Cannot listen on {options.Host}:{options.Port} ({e.Message}). Choose another --port, or 0 for any free port.");
        }
        console.MarkupLine($"Projects are kept in [bold]{Markup.Escape(Path.GetFullPath(options.ProjectsDirectory))}[/]");
        // Unwrapped, like the address: paths are copied from here.
        Console.Out.WriteLine(server.ImportRoots.Count == 0 ? "Folder import is off (--import-root DIR allows a folder)."
            : $"Folders under {string.Join(" and ", server.ImportRoots)} can be imported from the page (--import-root).");
        console.MarkupLine("Open this address in your browser (it carries the access token):");
        Console.Out.WriteLine("    " + server.Url); // unwrapped, so it can be copied whole
        console.MarkupLine("Press Ctrl-C to stop.");
        try { server.WaitForShutdownAsync(stop.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return interrupt.Token.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
