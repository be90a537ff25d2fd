using System.Security.Cryptography;
using System.Text;

namespace Fewshot.Web.Projects;

/// <summary>Identifies a project's classes (in order) and which photo is in which class: equal fingerprints, same training data.</summary>
public static class DataFingerprint
{
    public static string Of(Project project)
    {
        var text = new StringBuilder();
        foreach (var name in project.Classes) text.Append("class\t").Append(name).Append('\n');
        foreach (var line in project.Images.Select(i => $"photo\t{i.Class}\t{i.Hash}").Order(StringComparer.Ordinal)) text.Append(line).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }
}
