using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Fewshot.Tests.Web;

/// <summary>Projects and classes through the API: names that cannot work, renaming and deleting, and error bodies.</summary>
public sealed class WebProjectApiTests
{
    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static async Task<string> Error(HttpResponseMessage response) => (await Json(response)).GetProperty("error").GetString()!;

    [Fact]
    public async Task ClassesNamedDotOrDotDot_AreRefusedAtCreation()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Dots");

        foreach (var name in new[] { ".", "..", " .. " })
        {
            var response = await client.PostAsJsonAsync($"/api/projects/{id}/classes", new { name });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("cannot be named", await Error(response));
        }
        // Other names made of dots are ordinary path segments.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/projects/{id}/classes", new { name = "..." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.UploadAsync(id, "...", ("a.png", WebPhotos.Png()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/projects/{id}/classes/...")).StatusCode);
    }

    [Fact]
    public async Task ADuplicateClass_IsRefused_NamingTheClassThatExists()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Duplicates", "faces");

        var response = await client.PostAsJsonAsync($"/api/projects/{id}/classes", new { name = "FACES" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = await Error(response);
        Assert.Contains("'faces'", error);
        Assert.DoesNotContain("'FACES'", error);
    }

    [Fact]
    public async Task WebcamFrames_KeepTheirBurst_AndABadBurstIdIsRefused()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Bursts", "me");
        Task<HttpResponseMessage> Upload(string burst, byte shade) => client.PostAsync($"/api/projects/{id}/classes/me/images",
            new MultipartFormDataContent { { new StringContent(burst), "burst" }, { new ByteArrayContent(WebPhotos.Png(shade: shade)), "files", "f.png" } });

        Assert.Equal(HttpStatusCode.OK, (await Upload("3f2a-77", 1)).StatusCode);
        var refused = await Upload("../../x", 2);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("burst", await Error(refused));
        var image = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("classes")[0].GetProperty("images").EnumerateArray());
        Assert.Equal("3f2a-77", image.GetProperty("burst").GetString());
    }

    [Fact]
    public async Task EveryErrorStatus_CarriesAMessage_NeverAnEmptyBody()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();

        var wrongType = await client.PostAsync("/api/projects", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Contains("JSON", await Error(wrongType));

        var nowhere = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await Error(nowhere)));

        var wrongMethod = await client.PutAsync("/api/projects", JsonContent.Create(new { name = "x" }));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await Error(wrongMethod)));
    }

    [Fact]
    public async Task Projects_AreRenamedAndDeleted()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.CreateProjectAsync("Old name", "a");
        var other = await client.CreateProjectAsync("Other", "b");

        var renamed = await client.PatchAsJsonAsync($"/api/projects/{id}", new { name = "  New name " });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("New name", (await Json(renamed)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PatchAsJsonAsync($"/api/projects/{id}", new { name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync("/api/projects/000000000000", new { name = "x" })).StatusCode);

        var deleted = await client.DeleteAsync($"/api/projects/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.ProjectsDirectory, id)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/projects/{id}")).StatusCode);
        var names = (await client.GetFromJsonAsync<JsonElement>("/api/projects")).EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["Other"], names);
        Assert.True(Directory.Exists(Path.Combine(server.ProjectsDirectory, other)));
    }
}
