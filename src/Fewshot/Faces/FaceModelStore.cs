using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Fewshot.Runtime;

namespace Fewshot.Faces;

/// <summary>
/// The face-api model weights (npm package @vladmandic/face-api, MIT), fetched once by
/// `fewshot setup faces` into the user's cache. Nothing here downloads implicitly.
/// </summary>
public static class FaceModelStore
{
    public const string PackageName = "@vladmandic/face-api";
    public const string PackageVersion = "1.7.15";
    /// <summary>The registry's sha512 of the 1.7.15 tarball; a different tarball is refused.</summary>
    public const string PackageIntegrity =
        "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==";
    public const string OverrideVariable = "FEWSHOT_FACE_MODELS";

    public const string TinyFaceDetectorModel = "tiny_face_detector_model";
    public const string FaceRecognitionModel = "face_recognition_model";
    public const string SsdMobileNetV1Model = "ssd_mobilenetv1_model";
    public const string FaceLandmark68Model = "face_landmark_68_model";

    static readonly string[] Models =
        [TinyFaceDetectorModel, FaceRecognitionModel, SsdMobileNetV1Model, FaceLandmark68Model];

    /// <summary>Every file the face networks read: each model's manifest and its single shard.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } =
        Models.SelectMany(m => new[] { m + "-weights_manifest.json", m + ".bin" }).ToArray();

    static readonly Lock Gate = new();

    /// <summary>Where `Install` puts the models: &lt;cache&gt;/face-api-1.7.15/model.</summary>
    public static string CachedModelDirectory =>
        Path.Combine(PackageRoot, "model");

    static string PackageRoot => Path.Combine(NativeRuntime.CacheDirectory(), "face-api-" + PackageVersion);

    /// <summary>The folder holding the model files ($FEWSHOT_FACE_MODELS, else the cache), or throws.</summary>
    public static string ModelDirectory
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable(OverrideVariable);
            if (!string.IsNullOrEmpty(overridden))
            {
                var missing = MissingFiles(overridden);
                if (missing.Count > 0)
                    throw new FewshotException(
                        $"{OverrideVariable} points to {overridden}, which lacks {string.Join(", ", missing)}. " +
                        $"Point it to the model/ folder of {PackageName} {PackageVersion}, or unset it and " +
                        "run `fewshot setup faces`.");
                return overridden;
            }
            if (MissingFiles(CachedModelDirectory).Count == 0) return CachedModelDirectory;
            throw new FewshotException(
                $"The face models are not installed (looked in {CachedModelDirectory}). " +
                "Run `fewshot setup faces` once (it needs npm and network access to the npm registry), " +
                $"or set {OverrideVariable} to a folder holding the model files of {PackageName} {PackageVersion}.");
        }
    }

    public static bool IsInstalled
    {
        get
        {
            try { _ = ModelDirectory; return true; }
            catch (FewshotException) { return false; }
        }
    }

    /// <summary>Path of one model's weights manifest in <see cref="ModelDirectory"/>.</summary>
    public static string ManifestPath(string model) =>
        Path.Combine(ModelDirectory, model + "-weights_manifest.json");

    /// <summary>Fetches the package with npm, checks its integrity and unpacks the models. Idempotent.</summary>
    public static string Install(Action<string>? log = null)
    {
        log ??= _ => { };
        lock (Gate)
        {
            if (IsInstalled) { log($"Face models already installed in {ModelDirectory}"); return ModelDirectory; }

            var work = Directory.CreateTempSubdirectory("fewshot-face-api-");
            var cacheRoot = NativeRuntime.CacheDirectory();
            Directory.CreateDirectory(cacheRoot);
            // Staged beside the destination so the final rename stays on one file system.
            var staging = Path.Combine(cacheRoot, $".face-api-{PackageVersion}-{Guid.NewGuid():N}");
            try
            {
                log($"Fetching {PackageName}@{PackageVersion} with npm …");
                var tarball = NpmPack(work.FullName);
                VerifyIntegrity(tarball);
                log("Integrity verified; unpacking the models …");
                ExtractModels(tarball, Path.Combine(staging, "model"));
                Publish(staging);
                log($"Face models installed in {CachedModelDirectory}");
                return CachedModelDirectory;
            }
            finally
            {
                TryDelete(work.FullName);
                TryDelete(staging);
            }
        }
    }

    static List<string> MissingFiles(string directory) =>
        RequiredFiles.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();

    static string NpmPack(string destination)
    {
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = destination,
        };
        foreach (var arg in new[] { "pack", $"{PackageName}@{PackageVersion}", "--json", "--pack-destination", destination })
            start.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new FewshotException(
                "Installing the face models needs npm (Node.js) on the PATH. Install Node.js, or download " +
                $"{PackageName}@{PackageVersion} yourself and set {OverrideVariable} to its model/ folder.", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new FewshotException("npm pack took more than 10 minutes; check the network and retry.");
            }
            if (process.ExitCode != 0)
                throw new FewshotException(
                    $"npm pack {PackageName}@{PackageVersion} failed (exit code {process.ExitCode}): " +
                    stderr.Result.Trim() + stdout.Result.Trim());
        }
        var tarballs = Directory.GetFiles(destination, "*.tgz");
        if (tarballs.Length != 1)
            throw new FewshotException($"npm pack left {tarballs.Length} tarballs in {destination}, expected one.");
        return tarballs[0];
    }

    static void VerifyIntegrity(string tarball)
    {
        using var stream = File.OpenRead(tarball);
        var actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
        if (actual != PackageIntegrity)
            throw new FewshotException(
                $"The downloaded {PackageName}@{PackageVersion} tarball has integrity {actual}, expected " +
                $"{PackageIntegrity}; refusing to use it.");
    }

    static void ExtractModels(string tarball, string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        var wanted = new HashSet<string>(RequiredFiles, StringComparer.Ordinal);
        using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                const string prefix = "package/model/";
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                if (!entry.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var name = entry.Name[prefix.Length..];
                if (!wanted.Contains(name)) continue;
                entry.ExtractToFile(Path.Combine(modelDirectory, name), overwrite: true);
            }
        }
        var missing = MissingFiles(modelDirectory);
        if (missing.Count > 0)
            throw new FewshotException($"The package lacks model files: {string.Join(", ", missing)}.");
    }

    static void Publish(string staging)
    {
        // A partial or stale copy (no complete model set) is replaced; a complete one is kept.
        if (Directory.Exists(PackageRoot))
        {
            if (MissingFiles(CachedModelDirectory).Count == 0) return;
            TryDelete(PackageRoot);
        }
        try
        {
            Directory.Move(staging, PackageRoot);
        }
        catch (IOException) when (MissingFiles(CachedModelDirectory).Count == 0)
        {
            // Another process published first.
        }
    }

    static void TryDelete(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
