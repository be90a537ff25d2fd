using System.Security.Cryptography;
using Fewshot.Runtime;

namespace Fewshot.Models.Weights;

/// <summary>
/// torchvision's official weight files in the user's cache (&lt;cache&gt;/backbones/FILE, beside FILE.sha256 with its full
/// SHA-256), installed by `fewshot setup backbone` and checked against that SHA-256 whenever they are used. Nothing
/// here downloads unless <see cref="Install"/> is called.
/// </summary>
public sealed class BackboneWeightsStore(string root)
{
    public static BackboneWeightsStore Default => new(Path.Combine(NativeRuntime.CacheDirectory(), "backbones"));

    public string Root { get; } = root;

    public string FilePath(BackboneInfo body) => Path.Combine(Root, Official(body).FileName);

    string HashPath(BackboneInfo body) => FilePath(body) + ".sha256";

    /// <summary>The file and its recorded SHA-256 are there (whether the file is intact is checked when it is used).</summary>
    public bool IsInstalled(BackboneInfo body) => body.Official is not null && File.Exists(FilePath(body)) && File.Exists(HashPath(body));

    /// <summary>The installed file, after checking it against the SHA-256 recorded when it was installed.</summary>
    public string InstalledPath(BackboneInfo body)
    {
        InstalledSha256(body);
        return FilePath(body);
    }

    public string InstalledSha256(BackboneInfo body)
    {
        if (!IsInstalled(body))
            throw new FewshotException(
                $"The {body.Id} weights are not installed (looked for {FilePath(body)}). Run `fewshot setup backbone {body.Id}` once " +
                $"(it downloads torchvision's {Official(body).FileName}, {Official(body).SizeMiB} MB), import a copy with " +
                $"`fewshot setup backbone {body.Id} --from FILE`, or give a weights file with --weights FILE.");
        var recorded = File.ReadAllText(HashPath(body)).Trim();
        var actual = FileHash.Sha256(FilePath(body));
        if (actual != recorded)
            throw new FewshotException(
                $"The installed {body.Id} weights {FilePath(body)} have changed since they were installed (SHA-256 {actual}, recorded " +
                $"{recorded}). Run `fewshot setup backbone {body.Id}` again.");
        return recorded;
    }

    /// <summary>
    /// Downloads torchvision's file for <paramref name="body"/> (or copies <paramref name="from"/>), checks its size and the
    /// hash prefix in its name, and installs it with its SHA-256. Whatever fails, nothing is left in the cache.
    /// </summary>
    public string Install(BackboneInfo body, string? from = null, HttpClient? http = null, Action<string>? log = null)
    {
        var official = Official(body);
        log ??= _ => { };
        Directory.CreateDirectory(Root);
        var staging = Path.Combine(Root, $".{official.FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            string sha;
            if (from is not null)
            {
                if (!File.Exists(from)) throw new FewshotException($"'{from}' does not exist.");
                log($"Checking {from} …");
                File.Copy(from, staging);
                sha = FileHash.Sha256(staging);
            }
            else
            {
                log($"Downloading {official.Url} ({official.SizeMiB} MB) …");
                sha = Download(official.Url, staging, http);
            }
            Check(official, staging, sha, from ?? official.Url.ToString());
            File.Delete(HashPath(body));
            File.Move(staging, FilePath(body), overwrite: true);
            File.WriteAllText(HashPath(body), sha + "\n");
            log($"Installed {FilePath(body)} (SHA-256 {sha})");
            return FilePath(body);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FewshotException($"Could not install the {body.Id} weights in {Root}: {e.Message.TrimEnd('.')}. " +
                                       "Check free disk space and permissions, or set FEWSHOT_CACHE to a folder you can write to.", e);
        }
        finally
        {
            try { File.Delete(staging); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    static void Check(OfficialWeights official, string path, string sha, string source)
    {
        var bytes = new FileInfo(path).Length;
        if (!official.SizeMatches(bytes))
            throw new FewshotException($"{source} holds {bytes / 1048576.0:F1} MB, but torchvision's {official.FileName} is {official.SizeMiB} MB. " +
                                       "It was not installed.");
        if (!sha.StartsWith(official.HashPrefix, StringComparison.Ordinal))
            throw new FewshotException($"{source} is not torchvision's {official.FileName}: its SHA-256 starts {sha[..official.HashPrefix.Length]}, " +
                                       $"not {official.HashPrefix}. It was not installed.");
    }

    /// <returns>The SHA-256 of what was written.</returns>
    static string Download(Uri url, string path, HttpClient? http)
    {
        using var owned = http is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(30) } : null;
        var client = http ?? owned!;
        try
        {
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
                throw new FewshotException($"Downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}. Nothing was installed.");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long written = 0;
            using (var source = response.Content.ReadAsStream())
            using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = source.Read(buffer)) > 0)
                {
                    target.Write(buffer, 0, read);
                    hash.AppendData(buffer, 0, read);
                    written += read;
                }
            }
            if (response.Content.Headers.ContentLength is { } length && length != written)
                throw new FewshotException($"Downloading {url} stopped after {written} of {length} bytes. Nothing was installed; try again.");
            return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new FewshotException($"Downloading {url} failed: {e.Message.TrimEnd('.')}. Nothing was installed; check the network and try again.", e);
        }
    }

    static OfficialWeights Official(BackboneInfo body) =>
        body.Official ?? throw new FewshotException($"The {body.Id} body comes with Fewshot: there is nothing to install.");
}
