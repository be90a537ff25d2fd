using Fewshot.Data;
using Fewshot.Models;

namespace Fewshot.Web.Training;

/// <summary>What the page lets a person choose before training; the defaults are the recipe's and the body's.</summary>
public sealed record TrainingSettings
{
    public const string PlainMode = "plain";
    public const string PeopleMode = "people";

    /// <summary>The pretrained body's registry id; people mode takes its scene features from it.</summary>
    public string Backbone { get; init; } = BackboneRegistry.DefaultId;
    /// <summary>Input side in pixels; null: the body's own (<see cref="BackboneInfo.DefaultSize"/>).</summary>
    public int? Size { get; init; }
    public int Epochs { get; init; } = 10;
    public int UnfreezeEpochs { get; init; } = 10;
    /// <summary>"plain" (whole photo) or "people" (faces: <see cref="Fewshot.People.PeopleLearner"/>, which fits its head without epochs).</summary>
    public string Mode { get; init; } = PlainMode;

    public bool IsPeople => Mode == PeopleMode;

    /// <summary>These settings on <paramref name="body"/>, with its own size where none was chosen; refused when out of range.</summary>
    public TrainingSettings For(BackboneInfo body)
    {
        var settings = this with { Backbone = body.Id, Size = Size ?? body.DefaultSize };
        settings.Validate(body);
        return settings;
    }

    void Validate(BackboneInfo body)
    {
        if (Mode is not (PlainMode or PeopleMode)) throw new FewshotException($"Unknown mode '{Mode}': choose plain or people.");
        if (Size is < DataOptions.MinSize or > DataOptions.MaxSize)
            throw new FewshotException($"Image size {Size} is out of range: choose {DataOptions.MinSize} to {DataOptions.MaxSize} pixels " +
                                       $"({body.DefaultSize} is {body.Id}'s own).");
        if (Epochs is < 1 or > 100) throw new FewshotException($"{Epochs} frozen epochs is out of range: choose 1 to 100.");
        if (UnfreezeEpochs is < 0 or > 100) throw new FewshotException($"{UnfreezeEpochs} unfrozen epochs is out of range: choose 0 to 100.");
    }
}
