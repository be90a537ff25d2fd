using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Fewshot.Export;

namespace Fewshot.Training;

/// <summary>
/// Where an interrupted recipe run stopped: the model's weights, the stage and how many of its epochs were
/// completed, the epochs trained so far and the options, so <see cref="Recipe.Run"/> can continue it.
/// Stored as a zip (resume.json + weights.bin with its SHA-256), written atomically.
/// </summary>
public sealed record ResumeCheckpoint(int Stage, int EpochsDone, RecipeOptions Options, IReadOnlyList<string> Classes,
    IReadOnlyList<EpochResult> History)
{
    public const string FormatName = "fewshot-resume";
    public const int CurrentFormatVersion = 1;
    const string StateEntry = "resume.json";
    const string WeightsEntry = "weights.bin";

    /// <summary>The model weights at the time of saving (not serialised into resume.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[] Weights { get; init; } = [];

    public void Write(string path, IFileSystem? fileSystem = null)
    {
        var state = new StoredState(FormatName, CurrentFormatVersion, Convert.ToHexStringLower(SHA256.HashData(Weights)), this);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var entry = zip.CreateEntry(StateEntry, CompressionLevel.Optimal).Open())
                JsonSerializer.Serialize(entry, state, ModelFile.Json);
            using (var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open())
                entry.Write(Weights);
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
            StoredState? state;
            using (var stream = stateEntry.Open())
                state = JsonSerializer.Deserialize<StoredState>(stream, ModelFile.Json);
            if (state?.Checkpoint is null || state.Format != FormatName) throw Invalid(path, "it is not a resume checkpoint");
            if (state.FormatVersion != CurrentFormatVersion)
                throw Invalid(path, $"it is format version {state.FormatVersion}; this Fewshot reads version {CurrentFormatVersion}");
            var weightsEntry = zip.GetEntry(WeightsEntry) ?? throw Invalid(path, "its weights are missing");
            var weights = new byte[weightsEntry.Length];
            using (var stream = weightsEntry.Open()) stream.ReadExactly(weights);
            if (Convert.ToHexStringLower(SHA256.HashData(weights)) != state.Sha256)
                throw Invalid(path, "its weights do not match their checksum (the file is corrupted)");
            return state.Checkpoint with { Weights = weights };
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or NotSupportedException)
        {
            throw Invalid(path, e.Message);
        }
    }

    static FewshotException Invalid(string path, string why) =>
        new($"Cannot resume from '{path}': {why}. Delete it and train again without --resume.");

    sealed record StoredState(string Format, int FormatVersion, string Sha256, ResumeCheckpoint Checkpoint);
}
