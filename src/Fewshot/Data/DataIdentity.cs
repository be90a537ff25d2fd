using System.Security.Cryptography;
using System.Text;

namespace Fewshot.Data;

/// <summary>
/// Which photos a run trained and validated on: each photo's split, class, path below the data folder and size, hashed.
/// The same folder moved elsewhere keeps its identity; another folder with the same classes, or photos added, removed or
/// moved between splits, does not.
/// </summary>
public sealed record DataIdentity(string Root, int TrainPhotos, int ValidPhotos, string Sha256)
{
    public static DataIdentity Of(ImageData data)
    {
        var root = data.Root is null ? null : Path.GetFullPath(data.Root);
        var lines = new StringBuilder();
        foreach (var (split, items) in new[] { ("train", data.Train), ("valid", data.Valid) })
            foreach (var item in items)
            {
                var path = root is null ? Path.GetFullPath(item.Path) : Path.GetRelativePath(root, item.Path);
                lines.Append(split).Append('\t').Append(data.Classes[item.Label]).Append('\t').Append(path).Append('\t')
                    .Append(Imaging.ImageLoader.Length(item.Path) ?? -1).Append('\n');
            }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));
        return new DataIdentity(root ?? "", data.Train.Count, data.Valid.Count, hash);
    }

    /// <summary>Whether the same photos, in the same splits and classes, are meant.</summary>
    public bool SamePhotos(DataIdentity other) => Sha256 == other.Sha256;
}
