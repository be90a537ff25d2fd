using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fewshot.Data;
using Fewshot.Models;

namespace Fewshot.Training;

/// <summary>
/// Where an interrupted recipe run stopped: the model's weights, the stage and how many of its epochs were
/// completed, the epochs trained so far, the options and which photos it trains on, so the recipe (Export.Recipe.Run) can continue it.
/// Stored as a zip (resume.json + weights.bin with its SHA-256, and optimizer.bin: AdamW's moments when the run was
/// interrupted inside a stage, so the resumed stage continues with them), written atomically.
/// </summary>
public sealed record ResumeCheckpoint(int Stage, int EpochsDone, RecipeOptions Options, IReadOnlyList<string> Classes,
    IReadOnlyList<EpochResult> History)
{
    public const string FormatName = "fewshot-resume";
    public const int CurrentFormatVersion = 1;
    const string StateEntry = "resume.json";
    const string WeightsEntry = "weights.bin";
    const string OptimizerEntry = "optimizer.bin";

    /// <summary>The model weights at the time of saving (not serialised into resume.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[] Weights { get; init; } = [];

    /// <summary>The photos the run trains on (null in checkpoints written before they were recorded).</summary>
    public DataIdentity? Photos { get; init; }

    /// <summary>AdamW's state inside the interrupted stage, or null (interrupted between stages).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? OptimizerState { get; init; }

    /// <summary>Where the run is: the stage, its epochs done and the optimiser's state.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TrainingPosition Position => new(Stage, EpochsDone, OptimizerState);

    /// <summary>The learner's run at <paramref name="position"/>, with its weights, history and photos.</summary>
    public static ResumeCheckpoint Of(Learner learner, RecipeOptions options, TrainingPosition position) =>
        new(position.Stage, position.EpochsDone, options, learner.Data.Classes.ToList(), learner.History.ToList())
        {
            Photos = DataIdentity.Of(learner.Data),
            Weights = ModelWeights.ToBytes(learner.Model),
            OptimizerState = position.OptimizerState,
        };

    /// <summary>Refuses data other than the run's: other classes, or other photos.</summary>
    public void RequireSameData(ImageData data)
    {
        if (!Classes.SequenceEqual(data.Classes))
            throw new FewshotException($"The checkpoint was trained on classes {string.Join(", ", Classes)} but the data now has " +
                                       $"{string.Join(", ", data.Classes)}. Resume on the same data, or train without --resume.");
        if (Photos is { } trained && DataIdentity.Of(data) is var now && !trained.SamePhotos(now))
            throw new FewshotException($"The checkpoint was trained on other photos: {trained.TrainPhotos} training and {trained.ValidPhotos} " +
                                       $"validation photos in '{trained.Root}', and '{now.Root}' now holds {now.TrainPhotos} and {now.ValidPhotos} " +
                                       "that differ (other files, sizes, classes or splits). Resume on the same data, or train without --resume.");
    }

    /// <summary>Puts the run's weights and history into a new learner of the same options.</summary>
    public void Restore(Learner learner, string source)
    {
        ModelWeights.Load(learner.Model, Weights, source);
        learner.RestoreProgress(History, Stage - 1);
    }

    public void Write(string path, IFileSystem? fileSystem = null)
    {
        var state = new StoredState(FormatName, CurrentFormatVersion, Convert.ToHexStringLower(SHA256.HashData(Weights)), this,
            OptimizerState is null ? null : Convert.ToHexStringLower(SHA256.HashData(OptimizerState)));
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var entry = zip.CreateEntry(StateEntry, CompressionLevel.Optimal).Open())
                JsonSerializer.Serialize(entry, state, StoredJson.Options);
            using (var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open())
                entry.Write(Weights);
            if (OptimizerState is not null)
                using (var entry = zip.CreateEntry(OptimizerEntry, CompressionLevel.NoCompression).Open())
                    entry.Write(OptimizerState);
        }, fileSystem);
    }

    public static ResumeCheckpoint Read(string path)
    {
        if (!File.Exists(path))
            throw new FewshotException($"There is no resumable checkpoint '{path}': nothing to resume. " +
                                       "Train without --resume, or give the same --out as the interrupted run.");
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var stateEntry = zip.GetEntry(StateEntry) ?? throw Invalid(path, $"it has no {StateEntry}");
            JsonNode? json;
            using (var stream = stateEntry.Open())
                json = JsonNode.Parse(stream);
            var state = json.Deserialize<StoredState>(StoredJson.Options);
            if (state?.Checkpoint is null || state.Format != FormatName) throw Invalid(path, "it is not a resume checkpoint");
            if (state.FormatVersion != CurrentFormatVersion)
                throw Invalid(path, $"it is format version {state.FormatVersion}; this Fewshot reads version {CurrentFormatVersion}");
            var weights = ReadEntry(zip, WeightsEntry, path, "its weights are missing");
            if (Convert.ToHexStringLower(SHA256.HashData(weights)) != state.Sha256)
                throw Invalid(path, "its weights do not match their checksum (the file is corrupted)");
            byte[]? optimizer = null;
            if (state.OptimizerSha256 is not null)
            {
                optimizer = ReadEntry(zip, OptimizerEntry, path, "its optimiser state is missing");
                if (Convert.ToHexStringLower(SHA256.HashData(optimizer)) != state.OptimizerSha256)
                    throw Invalid(path, "its optimiser state does not match its checksum (the file is corrupted)");
            }
            var checkpoint = state.Checkpoint;
            // A run interrupted before the decode slack was recorded goes on decoding its photos as it began.
            if (json?["checkpoint"]?["options"]?["data"]?["decodeSlack"] is null)
                checkpoint = checkpoint with { Options = checkpoint.Options with { Data = checkpoint.Options.Data with { DecodeSlack = 1 } } };
            return checkpoint with { Weights = weights, OptimizerState = optimizer };
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or NotSupportedException)
        {
            throw Invalid(path, e.Message);
        }
    }

    static byte[] ReadEntry(ZipArchive zip, string name, string path, string missing)
    {
        var entry = zip.GetEntry(name) ?? throw Invalid(path, missing);
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        stream.ReadExactly(bytes);
        return bytes;
    }

    static FewshotException Invalid(string path, string why) =>
        new($"Cannot resume from '{path}': {why}. Delete it and train again without --resume.");

    sealed record StoredState(string Format, int FormatVersion, string Sha256, ResumeCheckpoint Checkpoint, string? OptimizerSha256 = null);
}
