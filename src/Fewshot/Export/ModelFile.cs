using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fewshot.Export;

/// <summary>
/// The .fewshot file: a zip holding manifest.json (format version, backbone, classes, preprocessing,
/// training summary, the weights' SHA-256) and the weights. Written to a temporary file, then renamed,
/// so an interrupted or failed write never leaves a half-written model in place.
/// </summary>
public static class ModelFile
{
    const string ManifestEntry = "manifest.json";
    const string WeightsEntryName = "weights.bin";

    /// <summary>The manifest's JSON options (<see cref="StoredJson.Options"/>).</summary>
    public static JsonSerializerOptions Json => StoredJson.Options;

    /// <summary>Writes the manifest (its Weights entry is filled in here) and the weights.</summary>
    public static void Write(string path, ModelManifest manifest, byte[] weights, IFileSystem? fileSystem = null)
    {
        fileSystem ??= FileSystem.Default;
        var complete = manifest with
        {
            BodyWeights = manifest.BodyWeights,
            Weights = new WeightsEntry(WeightsEntryName, Convert.ToHexString(SHA256.HashData(weights)).ToLowerInvariant(), weights.Length),
        };
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                JsonSerializer.Serialize(entry, complete, Json);
            using (var entry = zip.CreateEntry(WeightsEntryName, CompressionLevel.NoCompression).Open())
                entry.Write(weights);
        }, fileSystem);
    }

    /// <summary>Reads and checks a model file: format, version and checksum.</summary>
    public static (ModelManifest Manifest, byte[] Weights) Read(string path) =>
        Open(path, (zip, manifest) => (manifest, Weights(zip, manifest, path)));

    /// <summary>Reads and checks a model file's manifest (format, version, fields), not its weights: what kind of model it is.</summary>
    public static ModelManifest ReadManifest(string path) => Open(path, (_, manifest) => manifest);

    static T Open<T>(string path, Func<ZipArchive, ModelManifest, T> read)
    {
        if (!File.Exists(path))
            throw new FewshotException($"Model file '{path}' does not exist. Train one with `fewshot train DATA --out {Path.GetFileName(path)}`.");
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifestEntry = zip.GetEntry(ManifestEntry)
                ?? throw Invalid(path, "it has no manifest.json");
            ModelManifest manifest;
            using (var stream = manifestEntry.Open())
                manifest = JsonSerializer.Deserialize<ModelManifest>(stream, Json) ?? throw Invalid(path, "its manifest is empty");
            if (manifest.Format != ModelManifest.FormatName)
                throw Invalid(path, $"its format is '{manifest.Format}'");
            if (manifest.FormatVersion > ModelManifest.CurrentFormatVersion)
                throw new FewshotException($"'{path}' is format version {manifest.FormatVersion}, made by Fewshot {manifest.FewshotVersion}; " +
                                           $"this Fewshot reads up to version {ModelManifest.CurrentFormatVersion}. Update Fewshot.");
            if (ManifestCheck.Problem(manifest) is { } problem)
                throw new FewshotException($"'{path}' is a damaged model: in its manifest, {problem}. Train the model again.");
            return read(zip, manifest);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or NotSupportedException)
        {
            throw Invalid(path, e.Message);
        }
    }

    static byte[] Weights(ZipArchive zip, ModelManifest manifest, string path)
    {
        var weightsEntry = zip.GetEntry(manifest.Weights.Entry) ?? throw Invalid(path, "its weights are missing");
        var weights = new byte[weightsEntry.Length];
        using (var stream = weightsEntry.Open()) stream.ReadExactly(weights);
        var sha = Convert.ToHexString(SHA256.HashData(weights)).ToLowerInvariant();
        if (sha != manifest.Weights.Sha256)
            throw Invalid(path, "its weights do not match their checksum (the file is corrupted)");
        return weights;
    }

    internal static FewshotException Invalid(string path, string why) =>
        new($"'{path}' is not a usable Fewshot model: {why.TrimEnd('.')}. Export it again with `fewshot train … --out` or `learner.Export`.");
}
