using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fewshot.Export;
using Fewshot.Models;

namespace Fewshot.Tests.Web;

/// <summary>The bodies the web page trains on: only those whose weights are installed are listed and accepted.</summary>
public sealed class WebBodyApiTests
{
    static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    [Fact]
    public async Task Bodies_ListsOnlyTheInstalledOnes_LabelledFromTheRegistry()
    {
        using var cache = new TemporaryBodyCache("resnet34");
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/bodies");

        Assert.Equal(BackboneRegistry.DefaultId, list.GetProperty("defaultId").GetString());
        var bodies = list.GetProperty("bodies").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
        Assert.Equal([BackboneRegistry.DefaultId, "resnet34"], bodies.Keys);
        foreach (var (id, shown) in bodies)
        {
            var body = BackboneRegistry.Get(id);
            Assert.Equal(body.Architecture, shown.GetProperty("architecture").GetString());
            Assert.Equal(body.DefaultSize, shown.GetProperty("defaultSize").GetInt32());
            Assert.Equal(body.Official?.Top1, shown.GetProperty("imagenetTop1").ValueKind == JsonValueKind.Null ? null
                : shown.GetProperty("imagenetTop1").GetDouble());
        }
        Assert.Null(BackboneRegistry.Default.Official); // the default body's top-1 above was null: torchvision publishes none for it
    }

    [Theory]
    [InlineData("plain", "resnet50", "The resnet50 body's weights are not installed")]
    [InlineData("people", "resnet50", "The resnet50 body's weights are not installed")]
    [InlineData("plain", "vgg16", "Unknown body 'vgg16'")]
    public async Task Train_WithABodyThatIsNotInstalled_IsRefused_NamingTheInstalledOnes(string mode, string backbone, string why)
    {
        using var cache = new TemporaryBodyCache("resnet34");
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        var id = await client.ProjectWithPhotosAsync("bears", 2, "grizzly", "teddy");

        var response = await client.PostAsJsonAsync($"/api/projects/{id}/train", new { mode, backbone, size = 64, epochs = 1, unfreezeEpochs = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Contains(why, error);
        Assert.Contains($"Installed bodies: {BackboneRegistry.DefaultId}, resnet34.", error);
        if (BackboneRegistry.Find(backbone) is not null) Assert.Contains($"fewshot setup backbone {backbone}", error);
        var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        Assert.Equal(JsonValueKind.Null, project.GetProperty("training").ValueKind); // nothing started
    }

    [Fact]
    public async Task Train_OnAnInstalledTorchvisionBody_UsesIt_AndTheResultsAndModelNameIt()
    {
        using var cache = new TemporaryBodyCache("resnet18_tv");
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        client.Timeout = TimeSpan.FromMinutes(10);
        var id = await client.ProjectWithPhotosAsync("bears", 3, "grizzly", "teddy");

        var start = await client.PostAsJsonAsync($"/api/projects/{id}/train",
            new { mode = "plain", backbone = "resnet18_tv", size = 64, epochs = 1, unfreezeEpochs = 0 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var events = await client.GetStringAsync($"/api/projects/{id}/train/events");

        Assert.Contains("\"type\":\"done\"", events); // the photos were read with the body's own preprocessing, or the Learner would refuse them
        var settings = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("results").GetProperty("settings");
        Assert.Equal("resnet18_tv", settings.GetProperty("backbone").GetString());
        Assert.Equal(64, settings.GetProperty("size").GetInt32());
        var (manifest, _) = ModelFile.Read(Path.Combine(server.ProjectsDirectory, id, "model.fewshot"));
        Assert.Equal("resnet18_tv", manifest.Backbone);
    }
}
