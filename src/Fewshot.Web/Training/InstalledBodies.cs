using Fewshot.Models;

namespace Fewshot.Web.Training;

/// <summary>
/// The bodies this machine can train on: the registry's entries whose weights are installed. Read on every call, so a
/// body installed with `fewshot setup backbone` while the server runs is offered once the page is reloaded.
/// </summary>
public static class InstalledBodies
{
    public static IReadOnlyList<BackboneInfo> List() => BackboneRegistry.All.Where(b => b.WeightsAvailable).ToList();

    /// <summary>The installed body with this id (null: the default); an unknown or uninstalled one is refused, naming those installed.</summary>
    public static BackboneInfo Get(string? id)
    {
        var body = BackboneRegistry.Find(id ?? BackboneRegistry.DefaultId);
        if (body is { WeightsAvailable: true }) return body;
        var installed = $"Installed bodies: {string.Join(", ", List().Select(b => b.Id))}.";
        if (body is null) throw new FewshotException($"Unknown body '{id}'. {installed}");
        throw new FewshotException($"The {body.Id} body's weights are not installed on this machine: run `fewshot setup backbone {body.Id}` " +
                                   $"(or import a copy with `--from FILE`), then reload the page. {installed}");
    }
}
