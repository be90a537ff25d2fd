using System.ComponentModel;
using Fewshot.Faces;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class SetupSettings : CommandSettings
{
    [CommandArgument(0, "<WHAT>")]
    [Description("What to install: faces (the face detection and recognition models, from the npm package @vladmandic/face-api).")]
    public string What { get; init; } = "";

    public override ValidationResult Validate() =>
        What == "faces" ? ValidationResult.Success() : ValidationResult.Error($"Unknown setup target '{What}'; the only one is 'faces'.");
}

/// <summary>Installs optional model files ahead of time; nothing is ever downloaded while training or predicting.</summary>
public sealed class SetupCommand(IAnsiConsole console) : Command<SetupSettings>
{
    public override int Execute(CommandContext context, SetupSettings settings, CancellationToken cancellation)
    {
        if (FaceModelStore.IsInstalled)
        {
            console.MarkupLine($"Face models already installed in [bold]{Markup.Escape(FaceModelStore.ModelDirectory)}[/]");
            return ExitCodes.Ok;
        }
        FaceModelStore.Install(message => console.MarkupLine(Markup.Escape(message)));
        console.MarkupLine($"Face models installed in [bold]{Markup.Escape(FaceModelStore.ModelDirectory)}[/]");
        return ExitCodes.Ok;
    }
}
