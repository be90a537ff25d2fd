namespace Fewshot.Cluster.Contracts;

/// <summary>
/// A model file by path and content: every worker reads it from <see cref="Path"/> (storage they all share) and checks
/// that its SHA-256 is <see cref="Sha256"/>, so that no worker scores with another version of the file.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModelReference([property: Id(0)] string Path, [property: Id(1)] string Sha256)
{
    /// <summary>What results files record as the model: the first 16 hex digits of its SHA-256.</summary>
    public string Fingerprint => Sha256[..16];

    /// <summary>Hashes the file the client names; workers check their copy against it.</summary>
    public static ModelReference ForFile(string path) => new(System.IO.Path.GetFullPath(path), Models.Weights.FileHash.Sha256(path));
}
