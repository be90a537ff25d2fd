using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fewshot.Web;
using Fewshot.Web.Security;
using Microsoft.Extensions.Logging;

namespace Fewshot.Tests.Web;

/// <summary>A real <c>fewshot serve</c> on a free loopback port with a throw-away projects folder.</summary>
public sealed class WebTestServer : IAsyncDisposable
{
    public const string Token = "0123456789abcdef0123456789abcdef";
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fewshot-web-");

    public WebServer Server { get; }
    public string ProjectsDirectory => Path.Combine(_root.FullName, "projects");
    public string Root => _root.FullName;
    public Uri BaseAddress => Server.BaseAddress;

    WebTestServer(WebServerOptions options) =>
        Server = new WebServer(options with { Port = 0, ProjectsDirectory = ProjectsDirectory, Token = Token },
            logging => logging.SetMinimumLevel(LogLevel.None));

    public static async Task<WebTestServer> StartAsync(WebServerOptions? options = null)
    {
        var server = new WebTestServer(options ?? new WebServerOptions());
        await server.Server.StartAsync();
        return server;
    }

    /// <summary>A client that sends the token as a header (or not, or a wrong one).</summary>
    public HttpClient Client(string? token = Token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Add(AccessGuard.HeaderName, token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _root.Delete(recursive: true);
    }
}

static class WebApiExtensions
{
    public static async Task<string> CreateProjectAsync(this HttpClient client, string name, params string[] classes)
    {
        var created = await client.PostAsJsonAsync("/api/projects", new { name });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        foreach (var c in classes)
            (await client.PostAsJsonAsync($"/api/projects/{id}/classes", new { name = c })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>A project with the first photos (by name) of each class in a shared dataset's train folder.</summary>
    public static async Task<string> ProjectWithPhotosAsync(this HttpClient client, string dataset, int photosPerClass, params string[] classes)
    {
        var root = Fewshot.Tests.Support.SharedData.Dataset(dataset);
        var id = await client.CreateProjectAsync(dataset, classes);
        foreach (var name in classes)
        {
            var photos = Directory.GetFiles(Path.Combine(root, "train", name)).Order(StringComparer.Ordinal).Take(photosPerClass)
                .Select(p => (Path.GetFileName(p), File.ReadAllBytes(p))).ToArray();
            (await client.UploadAsync(id, name, photos)).EnsureSuccessStatusCode();
        }
        return id;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string projectId, string className,
        params (string FileName, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (fileName, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, "files", fileName);
        }
        return client.PostAsync($"/api/projects/{projectId}/classes/{Uri.EscapeDataString(className)}/images", form);
    }
}
