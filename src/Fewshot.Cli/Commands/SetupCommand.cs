using System.ComponentModel;
using Fewshot.Faces;
using Fewshot.Models;
using Fewshot.Models.Weights;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fewshot.Cli.Commands;

public sealed class SetupSettings : CommandSettings
{
    [CommandArgument(0, "<WHAT>")]
    [Description("What to install: faces (the face detection and recognition models, from the npm package @vladmandic/face-api), " +
                 "or backbone NAME (torchvision's official weights of a body, e.g. backbone resnet34).")]
    public string What { get; init; } = "";

    [CommandArgument(1, "[NAME]")]
    [Description("With backbone: the body whose weights to install (fewshot info lists them).")]
    public string? Name { get; init; }

    [CommandOption("--from <FILE>")]
    [Description("With backbone: install a copy of torchvision's file from disk instead of downloading it (its hash is checked alike).")]
    public string? From { get; init; }

    public override ValidationResult Validate()
    {
        var downloadable = string.Join(", ", BackboneRegistry.All.Where(b => b.Official is not null).Select(b => b.Id));
        return What switch
        {
            "faces" when Name is null && From is null => ValidationResult.Success(),
            "faces" => ValidationResult.Error("setup faces takes no NAME and no --from."),
            "backbone" when Name is null => ValidationResult.Error($"Say which body: fewshot setup backbone NAME, NAME one of {downloadable}."),
            "backbone" when BackboneRegistry.Find(Name) is not { Official: not null } =>
                ValidationResult.Error($"'{Name}' has no weights to install: choose one of {downloadable}" +
                                       $"{(BackboneRegistry.Find(Name) is null ? "" : $" ({Name} comes with Fewshot)")}."),
            "backbone" => ValidationResult.Success(),
            _ => ValidationResult.Error($"Unknown setup target '{What}': faces or backbone NAME."),
        };
    }
}

/// <summary>Installs optional model files ahead of time; nothing is ever downloaded while training or predicting.</summary>
public sealed class SetupCommand(IAnsiConsole console) : Command<SetupSettings>
{
    public override int Execute(CommandContext context, SetupSettings settings, CancellationToken cancellation) =>
        settings.What == "backbone" ? Backbone(BackboneRegistry.Get(settings.Name!), settings.From) : Faces();

    int Backbone(BackboneInfo body, string? from)
    {
        var store = BackboneWeightsStore.Default;
        if (from is null && store.IsInstalled(body))
        {
            console.MarkupLine($"The {body.Id} weights are already installed: [bold]{Markup.Escape(store.InstalledPath(body))}[/]");
            return ExitCodes.Ok;
        }
        store.Install(body, from, log: message => console.MarkupLine(Markup.Escape(message)));
        return ExitCodes.Ok;
    }

    int Faces()
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
