using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Api;

/// <summary>The page's files (wwwroot/, embedded in this assembly): index.html at /, every other file at its path.</summary>
public static class StaticAssets
{
    const string Folder = "wwwroot/";

    static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    };

    public static void Map(WebApplication app)
    {
        foreach (var resource in typeof(StaticAssets).Assembly.GetManifestResourceNames().Where(r => r.StartsWith(Folder, StringComparison.Ordinal)))
        {
            var path = resource[Folder.Length..];
            var bytes = Read(resource);
            var type = Types.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var handler = (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, type);
            };
            app.MapGet(path == "index.html" ? "/" : "/" + path, handler);
        }
    }

    static byte[] Read(string resource)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
