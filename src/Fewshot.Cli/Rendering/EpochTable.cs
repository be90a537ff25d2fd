using Fewshot.Training;
using Spectre.Console;

namespace Fewshot.Cli.Rendering;

/// <summary>
/// fastai's per-epoch table, printed a row at a time as epochs end (so it also works when piped),
/// with an in-place batch counter on interactive terminals.
/// </summary>
public sealed class EpochTable(IAnsiConsole console)
{
    const string Header = "stage  epoch  train_loss  valid_loss  error_rate  accuracy                              time";
    bool _statusShown;
    readonly bool _interactive = console.Profile.Capabilities.Interactive;

    public void Attach(Learner learner)
    {
        learner.BatchEnded += OnBatch;
        learner.EpochEnded += OnEpoch;
        learner.FeaturesProgress += OnFeatures;
        learner.GroupsNotBackPropagated += OnUnmoved;
    }

    public void PrintHeader() => console.Profile.Out.Writer.WriteLine(Header);

    void OnBatch(BatchProgress p)
    {
        if (!_interactive) return;
        console.Write(new Text($"\r  epoch {p.Epoch + 1}: batch {p.Batch}/{p.Batches}  loss {p.Loss:F4}   "));
        _statusShown = true;
    }

    void OnFeatures(int done, int total)
    {
        if (!_interactive) return;
        console.Write(new Text($"\r  body features of the frozen stage: {done}/{total} photos   "));
        _statusShown = true;
    }

    void OnUnmoved(BelowBf16Resolution unmoved)
    {
        foreach (var g in unmoved.Groups)
            console.Profile.Out.Writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"note: layer group {g.Index + 1} is not back-propagated in this stage: its peak learning rate {g.PeakRate:0.##e0} moves " +
                $"its weights by at most {g.Movement:0.#e0}, under bf16's rounding of them ({g.HalfUnit:0.#e0}); --precision fp32 trains it"));
    }

    void OnEpoch(EpochResult r)
    {
        if (_statusShown) { console.Write(new Text("\r" + new string(' ', 60) + "\r")); _statusShown = false; }
        // Raw text, not Spectre's WriteLine: a row must never wrap at the console width.
        console.Profile.Out.Writer.WriteLine(Format(r));
    }

    public static string Format(EpochResult r) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{r.Stage,-6} {r.Epoch,-6} {r.TrainLoss,-11:F6} {r.ValidLoss,-11:F6} {r.ErrorRate,-11:F6} {Report.Accuracy(r.Accuracy),-37} {r.Elapsed.TotalSeconds,5:F1}s");
}
