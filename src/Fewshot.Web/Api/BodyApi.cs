using Fewshot.Models;
using Fewshot.Web.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Api;

/// <summary>A body the page offers, labelled from the registry.</summary>
/// <param name="ImagenetTop1">ImageNet top-1 (%) as torchvision publishes it; null for a body torchvision did not publish.</param>
public sealed record BodyView(string Id, string Architecture, string Description, double? ImagenetTop1, int DefaultSize)
{
    public static BodyView Of(BackboneInfo body) =>
        new(body.Id, body.Architecture, body.Description, body.Official?.Top1, body.DefaultSize);
}

/// <summary>The answer of GET /api/bodies: the installed bodies, in the registry's order, and the one chosen unless the person picks another.</summary>
public sealed record BodyList(string DefaultId, IReadOnlyList<BodyView> Bodies);

/// <summary>The pretrained bodies training can start from.</summary>
public static class BodyApi
{
    public static void Map(WebApplication app) =>
        app.MapGet("/api/bodies", () => Results.Ok(new BodyList(BackboneRegistry.DefaultId, InstalledBodies.List().Select(BodyView.Of).ToList())));
}
