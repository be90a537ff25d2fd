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
        using var source = from is null ? null : OpenCopy(from, log);
        if (from is null) log($"Downloading {official.Url} ({official.SizeMiB} MB) …");
        var sha = "";
        AtomicFile.Write(FilePath(body), target =>
        {
            var (bytes, hash) = source is null
                ? Download(official.Url, target, http)
                : Copy(source, target, e => new FewshotException($"Could not read '{from}': {e.Message.TrimEnd('.')}.", e));
            Check(official, bytes, hash, from ?? official.Url.ToString());
            sha = hash;
        });
        // Killed between the two writes, a run leaves the file without its hash (not installed) or beside an earlier install's
        // hash, which is the same: an official file has one SHA-256.
        AtomicFile.Write(HashPath(body), stream => stream.Write(System.Text.Encoding.ASCII.GetBytes(sha + "\n")));
        log($"Installed {FilePath(body)} (SHA-256 {sha})");
        return FilePath(body);
    }

    static FileStream OpenCopy(string from, Action<string> log)
    {
        if (!File.Exists(from)) throw new FewshotException($"'{from}' does not exist.");
        log($"Checking {from} …");
        try { return new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FewshotException($"Could not read '{from}': {e.Message.TrimEnd('.')}.", e);
        }
    }

    static void Check(OfficialWeights official, long bytes, string sha, string source)
    {
        if (!official.SizeMatches(bytes))
            throw new FewshotException($"{source} holds {bytes / 1048576.0:F1} MB, but torchvision's {official.FileName} is {official.SizeMiB} MB. " +
                                       "It was not installed.");
        if (!sha.StartsWith(official.HashPrefix, StringComparison.Ordinal))
            throw new FewshotException($"{source} is not torchvision's {official.FileName}: its SHA-256 starts {sha[..official.HashPrefix.Length]}, " +
                                       $"not {official.HashPrefix}. It was not installed.");
    }

    /// <returns>How many bytes were written, and their SHA-256.</returns>
    static (long Bytes, string Sha256) Download(Uri url, Stream target, HttpClient? http)
    {
        using var owned = http is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(30) } : null;
        var client = http ?? owned!;
        try
        {
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
                throw new FewshotException($"Downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}. Nothing was installed.");
            using var source = response.Content.ReadAsStream();
            var (written, sha) = Copy(source, target, Failed);
            if (response.Content.Headers.ContentLength is { } length && length != written)
                throw new FewshotException($"Downloading {url} stopped after {written} of {length} bytes. Nothing was installed; try again.");
            return (written, sha);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw Failed(e);
        }

        FewshotException Failed(Exception e) =>
            new($"Downloading {url} failed: {e.Message.TrimEnd('.')}. Nothing was installed; check the network and try again.", e);
    }

    /// <summary>Copies while hashing; an error reading <paramref name="source"/> becomes <paramref name="readFailed"/>'s (writing
    /// errors are the cache's, reported by <see cref="AtomicFile"/>).</summary>
    static (long Bytes, string Sha256) Copy(Stream source, Stream target, Func<Exception, FewshotException> readFailed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long written = 0;
        while (true)
        {
            int read;
            try { read = source.Read(buffer); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw readFailed(e); }
            if (read == 0) break;
            target.Write(buffer, 0, read);
            hash.AppendData(buffer, 0, read);
            written += read;
        }
        return (written, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
    }

    static OfficialWeights Official(BackboneInfo body) =>
        body.Official ?? throw new FewshotException($"The {body.Id} body comes with Fewshot: there is nothing to install.");
}
