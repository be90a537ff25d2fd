using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fewshot.Tests.Reliability;
using Fewshot.Web;

namespace Fewshot.Tests.Web;

/// <summary>Importing a folder on the server: only under the roots the person starting the server allows, and only photos.</summary>
public sealed class WebImportTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-import-roots-");

    public void Dispose() => _dir.Delete(recursive: true);

    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static Task<HttpResponseMessage> ImportAsync(HttpClient client, string id, string folder) =>
        client.PostAsJsonAsync($"/api/projects/{id}/classes/cats/import", new { folder });

    [Fact]
    public async Task Import_ReadsOnlyFoldersUnderTheImportRoots_EvenThroughLinks()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "links to /etc");
        var root = _dir.CreateSubdirectory("allowed");
        var photos = root.CreateSubdirectory("cats");
        File.WriteAllBytes(Path.Combine(photos.FullName, "cat.png"), WebPhotos.Png());
        File.WriteAllText(Path.Combine(photos.FullName, "secret-notes.txt"), "not a photo");
        File.CreateSymbolicLink(Path.Combine(photos.FullName, "passwd.jpg"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "etc"), "/etc");
        await using var server = await WebTestServer.StartAsync(new WebServerOptions { ImportRoots = [root.FullName] });
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Import", "cats");

        foreach (var outside in new[] { "/etc", Path.Combine(root.FullName, "etc"), Path.Combine(root.FullName, ".."), _dir.FullName })
        {
            var refused = await ImportAsync(client, id, outside);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var error = (await Json(refused)).GetProperty("error").GetString()!;
            Assert.Contains(root.FullName, error);
            Assert.Contains("--import-root", error);
        }

        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "loop"), Path.Combine(root.FullName, "loop"));
        var loop = await ImportAsync(client, id, Path.Combine(root.FullName, "loop"));
        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        Assert.Contains("cannot be followed", (await Json(loop)).GetProperty("error").GetString());

        var import = await ImportAsync(client, id, photos.FullName);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var body = await import.Content.ReadAsStringAsync();
        var result = JsonDocument.Parse(body).RootElement;
        Assert.Equal(1, result.GetProperty("added").GetInt32());
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Equal("passwd.jpg", rejected.GetProperty("name").GetString());
        Assert.Contains("outside", rejected.GetProperty("reason").GetString());
        Assert.Equal(1, result.GetProperty("skipped").GetInt32());
        Assert.DoesNotContain("secret-notes", body);
    }

    [Fact]
    public async Task Import_TakesEveryPhotoNameTheCommandLineReads()
    {
        var photos = _dir.CreateSubdirectory("cats");
        var names = Fewshot.Data.ImageFolder.ImageExtensions.Order().Select((extension, k) => $"cat{k}{extension}").ToList();
        foreach (var name in names) File.WriteAllBytes(Path.Combine(photos.FullName, name), WebPhotos.Png(shade: (byte)(40 + 20 * names.IndexOf(name))));
        await using var server = await WebTestServer.StartAsync(new WebServerOptions { ImportRoots = [_dir.FullName] });
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Import", "cats");

        var import = await ImportAsync(client, id, photos.FullName);
        var result = await Json(import);
        Assert.True(import.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal(names.Count, result.GetProperty("added").GetInt32());
        Assert.Equal(0, result.GetProperty("skipped").GetInt32());
    }

    [Fact]
    public async Task Import_DefaultsToTheHomeDirectory_AndNoneTurnsItOff()
    {
        await using (var server = await WebTestServer.StartAsync())
        {
            using var client = server.Client();
            var id = await client.CreateProjectAsync("Default", "cats");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal([home], (await client.GetFromJsonAsync<JsonElement>("/api/server")).GetProperty("importRoots")
                .EnumerateArray().Select(r => r.GetString()));
            var refused = await ImportAsync(client, id, "/etc");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(home, (await Json(refused)).GetProperty("error").GetString());
        }
        await using (var server = await WebTestServer.StartAsync(new WebServerOptions { ImportRoots = [] }))
        {
            using var client = server.Client();
            var id = await client.CreateProjectAsync("Off", "cats");
            Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/server")).GetProperty("importRoots").EnumerateArray());
            var refused = await ImportAsync(client, id, _dir.FullName);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("--import-root none", (await Json(refused)).GetProperty("error").GetString());
        }
    }

    [Fact]
    public void Serve_SaysWhichFoldersItImportsFrom()
    {
        Assert.SkipUnless(SignalledRun.Supported, "stops the server with a POSIX signal");
        var projects = Path.Combine(_dir.FullName, "projects");
        var (a, b) = (_dir.CreateSubdirectory("a").FullName, _dir.CreateSubdirectory("b").FullName);

        var off = SignalledRun.Send(SignalledRun.SigInt, ["serve", "--port", "0", "--projects", projects, "--import-root", "none"],
            line => line.Contains("Press Ctrl-C to stop"));
        var two = SignalledRun.Send(SignalledRun.SigInt,
            ["serve", "--port", "0", "--projects", projects, "--import-root", a, "--import-root", b],
            line => line.Contains("Press Ctrl-C to stop"));

        Assert.Contains("Folder import is off", off.Output);
        Assert.Contains($"Folders under {a} and {b} can be imported", two.Output);
    }
}
