using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Fewshot.Models.Weights;

public static class FileHash
{
    static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> Known = new();

    /// <summary>The SHA-256 of a file, lower-case hex; remembered for the process while the file keeps its size and time.</summary>
    public static string Sha256(string path)
    {
        var file = new FileInfo(path);
        return Known.GetOrAdd((file.FullName, file.Length, file.LastWriteTimeUtc), key =>
        {
            using var stream = new FileStream(key.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        });
    }
}
