namespace Fewshot.Web.Training;

/// <summary>What the page lets a person choose before training; the defaults are the recipe's.</summary>
public sealed record TrainingSettings
{
    public const string PlainMode = "plain";
    public const string PeopleMode = "people";

    public int Size { get; init; } = 224;
    public int Epochs { get; init; } = 10;
    public int UnfreezeEpochs { get; init; } = 10;
    /// <summary>"plain" (whole photo) or "people" (faces: <see cref="Fewshot.People.PeopleLearner"/>; <see cref="Epochs"/> trains its head).</summary>
    public string Mode { get; init; } = PlainMode;

    public bool IsPeople => Mode == PeopleMode;

    public void Validate()
    {
        if (Mode is not (PlainMode or PeopleMode)) throw new FewshotException($"Unknown mode '{Mode}': choose plain or people.");
        if (Size is < 32 or > 512) throw new FewshotException($"Image size {Size} is out of range: choose 32 to 512 pixels (224 is the recipe's).");
        if (Epochs is < 1 or > 100) throw new FewshotException($"{Epochs} frozen epochs is out of range: choose 1 to 100.");
        if (UnfreezeEpochs is < 0 or > 100) throw new FewshotException($"{UnfreezeEpochs} unfrozen epochs is out of range: choose 0 to 100.");
    }
}
