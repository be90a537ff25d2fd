using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fewshot.Web;
using Fewshot.Web.Security;

namespace Fewshot.Tests.Web;

/// <summary>The server's guards: token, Host and Origin checks, and what an upload may be.</summary>
public sealed class WebApiTests
{

    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task RequestsWithoutTheRightToken_Get401_AndTheUrlTokenBecomesAnHttpOnlyCookie()
    {
        await using var server = await WebTestServer.StartAsync();
        using var anonymous = server.Client(token: null);
        using var wrong = server.Client(token: "not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/")).StatusCode);
        var refused = await wrong.GetAsync("/api/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("access token", (await Json(refused)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/?token=wrong")).StatusCode);

        var visit = await anonymous.GetAsync($"/?token={WebTestServer.Token}");
        Assert.Equal(HttpStatusCode.Redirect, visit.StatusCode);
        Assert.Equal("/", visit.Headers.Location!.OriginalString);
        var cookie = Assert.Single(visit.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        // The same client now carries the cookie.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task ForeignHostOrOrigin_IsRefused_EvenWithTheToken()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var port = server.BaseAddress.Port;

        var rebinding = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        rebinding.Headers.Host = $"attacker.example:{port}";
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(rebinding)).StatusCode);

        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = JsonContent.Create(new { name = "x" }) };
        crossSite.Headers.Add("Origin", "http://attacker.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(crossSite)).StatusCode);

        var sameSite = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = JsonContent.Create(new { name = "ok" }) };
        sameSite.Headers.Add("Origin", $"http://localhost:{port}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(sameSite)).StatusCode);
        Assert.Single(Directory.GetDirectories(server.ProjectsDirectory)); // only the allowed request created a project
    }

    [Fact]
    public async Task NonImages_AreRejectedByContent_WhateverTheirName()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Bad uploads", "cats");

        var response = await client.UploadAsync(id, "cats",
            ("holiday.jpg", Encoding.UTF8.GetBytes("this is a text file pretending to be a JPEG")),
            ("script.png", Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'/>")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Json(response);
        Assert.Contains("None of the 2 file(s) was added", body.GetProperty("error").GetString());
        Assert.Equal(["holiday.jpg", "script.png"], body.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Empty(Directory.GetFiles(Path.Combine(server.ProjectsDirectory, id, "images")));

        var good = await client.UploadAsync(id, "cats", ("cat.txt", WebPhotos.Png()));   // a real PNG with a misleading name is fine
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(1, (await Json(good)).GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task OversizedFiles_AreRejected_AndTooManyFilesInOneUploadAreRefused()
    {
        await using var server = await WebTestServer.StartAsync(new WebServerOptions { MaxFileBytes = 50_000, MaxFilesPerUpload = 3 });
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Limits", "cats");
        var big = new byte[60_000];
        WebPhotos.Png().CopyTo(big, 0);

        var response = await client.UploadAsync(id, "cats", ("huge.png", big), ("small.png", WebPhotos.Png()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(1, body.GetProperty("added").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal("huge.png", rejected.GetProperty("name").GetString());
        Assert.Contains("larger than", rejected.GetProperty("reason").GetString());

        var many = await client.UploadAsync(id, "cats", Enumerable.Range(0, 4).Select(i => ($"{i}.png", WebPhotos.Png(shade: (byte)i))).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Contains("too many", (await Json(many)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RequestsOverTheBodyLimit_GetAClearMessage_NotAStackTrace()
    {
        await using var server = await WebTestServer.StartAsync(new WebServerOptions { MaxRequestBytes = 200_000 });
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Body limit", "cats");

        var response = await client.UploadAsync(id, "cats", ("a.png", new byte[150_000]), ("b.png", new byte[150_000]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await Json(response)).GetProperty("error").GetString()!;
        Assert.Contains("too large", error);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task PathTraversalNames_NeverReachTheFileSystem()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Traversal", "cats", "../../escaped");

        var response = await client.UploadAsync(id, "cats", ("../../../escape.png", WebPhotos.Png()), ("..\\..\\windows.png", WebPhotos.Png(shade: 7)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var project = (await Json(response)).GetProperty("project");
        var names = project.GetProperty("classes")[0].GetProperty("images").EnumerateArray().Select(i => i.GetProperty("name").GetString());
        Assert.Equal(["escape.png", "windows.png"], names);
        // Photos are stored under their hash; the class named like a path is only a label in project.json.
        var upload = await client.UploadAsync(id, "../../escaped", ("x.png", WebPhotos.Png(shade: 9)));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var everything = Directory.GetFileSystemEntries(server.Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(server.Root, p)).Order().ToList();
        Assert.All(everything, p => Assert.StartsWith("projects", p));
        Assert.All(Directory.GetFiles(Path.Combine(server.ProjectsDirectory, id, "images")),
            f => Assert.Matches("^[0-9a-f]{64}$", Path.GetFileName(f)));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/..%2F..%2Fetc/images/passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{id}/images/..%2F..%2Fproject.json")).StatusCode);
        var import = await client.PostAsJsonAsync($"/api/projects/{id}/classes/cats/import", new { folder = "../.." });
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("full path", (await Json(import)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task MalformedRequests_GetA400WithAReason_NeverA500OrAnEmptyBody()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Malformed", "cats/dogs");

        foreach (var body in new[] { "{\"size\":\"abc\"}", "{bad", "" })
        {
            var train = await client.PostAsync($"/api/projects/{id}/train", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, train.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace((await Json(train)).GetProperty("error").GetString()), body);
        }
        var junk = new ByteArrayContent(Encoding.UTF8.GetBytes("junk"));
        junk.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XYZ");
        var upload = await client.PostAsync($"/api/projects/{id}/classes/cats%2Fdogs/images", junk);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("upload", (await Json(upload)).GetProperty("error").GetString());

        // '%' would make "a%2Fb" and "a/b" the same URL, so class names cannot hold it.
        var percent = await client.PostAsJsonAsync($"/api/projects/{id}/classes", new { name = "cats%2Fdogs" });
        Assert.Equal(HttpStatusCode.BadRequest, percent.StatusCode);
        // A photo for a class that does not exist is refused before it is stored.
        var nowhere = await client.UploadAsync(id, "birds", ("b.png", WebPhotos.Png()));
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(server.ProjectsDirectory, id, "images")));
        Assert.Equal(HttpStatusCode.OK, (await client.UploadAsync(id, "cats/dogs", ("c.png", WebPhotos.Png()))).StatusCode);
    }

    [Fact]
    public async Task ImportSkipsPipesDevicesAndEmptyFiles_WithoutBlockingOrReadingThem()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "makes a named pipe and links to /dev/zero");
        var folder = Directory.CreateTempSubdirectory("fewshot-import-");
        try
        {
            await using var server = await WebTestServer.StartAsync(new WebServerOptions { ImportRoots = [folder.FullName] });
            using var client = server.Client();
            var id = await client.CreateProjectAsync("Import", "cats");
            File.WriteAllBytes(Path.Combine(folder.FullName, "photo.png"), WebPhotos.Png());
            File.WriteAllBytes(Path.Combine(folder.FullName, "empty.jpg"), []);
            File.CreateSymbolicLink(Path.Combine(folder.FullName, "zero.jpg"), "/dev/zero");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder.FullName, "pipe.jpg"))) mkfifo.WaitForExit();

            var import = await client.PostAsJsonAsync($"/api/projects/{id}/classes/cats/import", new { folder = folder.FullName });

            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
            var result = await Json(import);
            Assert.Equal(1, result.GetProperty("added").GetInt32());
            Assert.Equal(["empty.jpg", "pipe.jpg", "zero.jpg"],
                result.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_damaged_project_file_does_not_hide_the_other_projects()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var good = await client.CreateProjectAsync("Good", "a");
        var bad = await client.CreateProjectAsync("Bad", "a");
        File.WriteAllText(Path.Combine(server.ProjectsDirectory, bad, "project.json"), $"{{\"id\":\"{bad}\",\"name\":\"Bad\",\"classes\":null}}");

        var list = await client.GetAsync("/api/projects");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var names = (await Json(list)).EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("Good", names);
        Assert.Contains(names, n => n!.Contains("damaged"));
        var opened = await client.GetAsync($"/api/projects/{bad}");
        Assert.Equal(HttpStatusCode.BadRequest, opened.StatusCode);
        Assert.Contains("damaged", (await Json(opened)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/projects/{good}")).StatusCode);
    }

    [Fact]
    public async Task UnknownModes_AreRefused_AndTrainingNeedsTwoClassesWithPhotos()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Modes", "a", "b");

        var odd = await client.PostAsJsonAsync($"/api/projects/{id}/train", new { mode = "faces", size = 64, epochs = 1, unfreezeEpochs = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, odd.StatusCode);
        Assert.Contains("Unknown mode 'faces'", (await Json(odd)).GetProperty("error").GetString());

        foreach (var mode in new[] { "plain", "people" })
        {
            var empty = await client.PostAsJsonAsync($"/api/projects/{id}/train", new { mode, size = 64, epochs = 1, unfreezeEpochs = 0 });
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Contains("at least two classes with photos", (await Json(empty)).GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Projects_SurviveARestart()
    {
        var root = Directory.CreateTempSubdirectory("fewshot-web-restart-");
        try
        {
            var options = new WebServerOptions { Port = 0, ProjectsDirectory = root.FullName, Token = WebTestServer.Token };
            string id;
            await using (var first = new WebServer(options, logging => { }))
            {
                await first.StartAsync();
                using var client = new HttpClient { BaseAddress = first.BaseAddress };
                client.DefaultRequestHeaders.Add(AccessGuard.HeaderName, WebTestServer.Token);
                id = await client.CreateProjectAsync("Kept", "a", "b");
                (await client.UploadAsync(id, "b", ("b.png", WebPhotos.Png()))).EnsureSuccessStatusCode();
            }
            await using var second = new WebServer(options, logging => { });
            await second.StartAsync();
            using var again = new HttpClient { BaseAddress = second.BaseAddress };
            again.DefaultRequestHeaders.Add(AccessGuard.HeaderName, WebTestServer.Token);
            var project = await again.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
            Assert.Equal("Kept", project.GetProperty("name").GetString());
            Assert.Equal(["a", "b"], project.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
            var photo = project.GetProperty("classes")[1].GetProperty("images")[0].GetProperty("hash").GetString();
            var image = await again.GetAsync($"/api/projects/{id}/images/{photo}");
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
