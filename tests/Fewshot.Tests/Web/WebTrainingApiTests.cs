using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fewshot.Export;
using Fewshot.Inference;
using Fewshot.Models;
using Fewshot.Tests.Faces;
using Fewshot.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace Fewshot.Tests.Web;

/// <summary>Training through the API in both modes, testing a photo on the result, and the ONNX download.</summary>
public sealed class WebTrainingApiTests
{
    const int PhotosPerClass = 8;

    static async Task<string> TrainAsync(HttpClient client, string id, object settings)
    {
        var start = await client.PostAsJsonAsync($"/api/projects/{id}/train", settings);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        // The event stream ends when the training does.
        return await client.GetStringAsync($"/api/projects/{id}/train/events");
    }

    [Fact]
    public async Task PeopleMode_TrainsAPeopleModel_WithAnAccuracy_AndNamesTheFaceInATestPhoto()
    {
        new FaceModelsFixture().RequireModels();
        string[] people = ["lionel_messi", "cristiano_ronaldo"];
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        client.Timeout = TimeSpan.FromMinutes(10);
        var id = await client.ProjectWithPhotosAsync("footballer_faces", PhotosPerClass, people);

        var events = await TrainAsync(client, id, new { mode = "people", epochs = 5 });

        Assert.Contains("\"type\":\"features\"", events);
        Assert.Contains("\"type\":\"epoch\"", events);
        Assert.Contains("\"type\":\"done\"", events);
        var results = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("results");
        Assert.Equal("people", results.GetProperty("kind").GetString());
        var accuracy = results.GetProperty("accuracy");
        Assert.True(accuracy.GetProperty("total").GetInt32() > 0);
        Assert.Contains("95% CI", accuracy.GetProperty("text").GetString());
        Assert.Equal(1, results.GetProperty("epochs").GetArrayLength()); // the logistic head is fitted once, whatever the epochs
        Assert.Equal(1, events.Split("\"type\":\"epoch\"").Length - 1);
        var (manifest, _) = ModelFile.Read(Path.Combine(server.ProjectsDirectory, id, "model.fewshot"));
        Assert.Equal(ModelManifest.PeopleKind, manifest.Kind);
        Assert.Equal(people, manifest.Classes); // the project's class order
        Assert.Equal(manifest.Training!.ValidCorrect, accuracy.GetProperty("correct").GetInt32());

        var photo = Directory.GetFiles(Path.Combine(SharedData.Dataset("footballer_faces"), "valid", "lionel_messi")).Order(StringComparer.Ordinal).First();
        var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(photo)), "file", Path.GetFileName(photo) } };
        var predicted = await client.PostAsync($"/api/projects/{id}/predict", form);
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        var answer = await predicted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(answer.GetProperty("label").GetString(), people.Append(Prediction.UnknownLabel));
        Assert.Equal(2, answer.GetProperty("probabilities").GetArrayLength());
        if (answer.GetProperty("face").ValueKind != JsonValueKind.Null)
            Assert.InRange(answer.GetProperty("face").GetProperty("width").GetDouble(), 0.01, 1.0);
        Assert.Contains(answer.GetProperty("faceSource").GetString(), new[] { "detector", "padded", "whole-photo", "none" });
        Assert.Equal(answer.GetProperty("unknown").GetBoolean(), answer.GetProperty("nearest").ValueKind == JsonValueKind.Object);

        // A group photo: every face named, largest first, each with its box, source and distance.
        var group = Path.Combine(SharedData.Dataset("footballer_scenes"), "valid", "de_bryune", "Image_92.jpg");
        var everyFace = await client.PostAsync($"/api/projects/{id}/predict",
            new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(group)), "file", "group.jpg" } });
        var faces = (await everyFace.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("faces").EnumerateArray().ToList();
        Assert.True(faces.Count >= 2, $"{faces.Count} face(s) in a photo of three people");
        Assert.Equal(Enumerable.Range(0, faces.Count), faces.Select(f => f.GetProperty("faceIndex").GetInt32()));
        var areas = faces.Select(f => f.GetProperty("face").GetProperty("width").GetDouble() * f.GetProperty("face").GetProperty("height").GetDouble()).ToList();
        Assert.Equal(areas.OrderDescending(), areas);
        foreach (var face in faces)
        {
            Assert.Contains(face.GetProperty("faceSource").GetString(), new[] { "detector", "padded" });
            Assert.True(face.GetProperty("distance").GetDouble() > 0);
            if (face.GetProperty("unknown").GetBoolean())
                Assert.Equal(face.GetProperty("probability").GetDouble(), face.GetProperty("nearest").GetProperty("probability").GetDouble());
        }

        var onnx = await client.GetAsync($"/api/projects/{id}/model.onnx");
        Assert.Equal(HttpStatusCode.BadRequest, onnx.StatusCode);
        Assert.Contains("People models cannot be exported to ONNX", (await onnx.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task DuringTraining_ClassesAndPhotosCannotChange_AndAChangeAfterwardsMarksTheResultsStale()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        client.Timeout = TimeSpan.FromMinutes(10);
        var id = await client.ProjectWithPhotosAsync("bears", 4, "grizzly", "teddy");
        Assert.Contains("\"type\":\"done\"", await TrainAsync(client, id, new { mode = "plain", size = 64, epochs = 1, unfreezeEpochs = 0 }));
        var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        Assert.Equal(JsonValueKind.Null, project.GetProperty("results").GetProperty("stale").ValueKind);
        // A request that names no body (as before there was a choice) trains on the default one, and the results say so.
        Assert.Equal(BackboneRegistry.DefaultId, project.GetProperty("results").GetProperty("settings").GetProperty("backbone").GetString());
        var hash = project.GetProperty("classes")[0].GetProperty("images")[0].GetProperty("hash").GetString();

        var start = await client.PostAsJsonAsync($"/api/projects/{id}/train", new { mode = "plain", size = 64, epochs = 100, unfreezeEpochs = 100 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var refused = new[]
        {
            await client.DeleteAsync($"/api/projects/{id}/classes/teddy"),
            await client.PostAsJsonAsync($"/api/projects/{id}/classes", new { name = "black" }),
            await client.UploadAsync(id, "teddy", ("new.png", WebPhotos.Png())),
            await client.DeleteAsync($"/api/projects/{id}/classes/grizzly/images/{hash}"),
            await client.DeleteAsync($"/api/projects/{id}"),
        };
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("is training", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
        (await client.PostAsync("/api/training/cancel", null)).EnsureSuccessStatusCode();
        Assert.Contains("\"type\":\"cancelled\"", await client.GetStringAsync($"/api/projects/{id}/train/events"));

        // Once the training has ended the project changes again, and the results say they no longer match the photos.
        var added = await client.UploadAsync(id, "teddy", ("new.png", WebPhotos.Png()));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var stale = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("project").GetProperty("results").GetProperty("stale").GetString();
        Assert.Contains("train again", stale);
        var newHash = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("classes")[1].GetProperty("images")
            .EnumerateArray().Single(i => i.GetProperty("name").GetString() == "new.png").GetProperty("hash").GetString();
        var removed = await client.DeleteAsync($"/api/projects/{id}/classes/teddy/images/{newHash}");
        Assert.Equal(JsonValueKind.Null, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").GetProperty("stale").ValueKind);
    }

    [Fact]
    public async Task OnnxDownload_ExportsOnce_AndOnnxRuntimeLoadsItWithTheClassNames()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.Client();
        client.Timeout = TimeSpan.FromMinutes(10);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/projects/nothing-here/model.onnx")).StatusCode);
        var id = await client.ProjectWithPhotosAsync("bears", PhotosPerClass, "grizzly", "teddy");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{id}/model.onnx")).StatusCode);

        var events = await TrainAsync(client, id, new { mode = "plain", size = 64, epochs = 1, unfreezeEpochs = 0 });
        Assert.Contains("\"type\":\"done\"", events);

        // The "unknown" threshold, as predict --threshold: below it the answer is unknown, naming the nearest class as such.
        var photo = Directory.GetFiles(Path.Combine(SharedData.Dataset("bears"), "valid", "teddy")).Order(StringComparer.Ordinal).First();
        async Task<HttpResponseMessage> Test(string threshold) => await client.PostAsync($"/api/projects/{id}/predict", new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(photo)), "file", "teddy.jpg" }, { new StringContent(threshold), "threshold" },
        });
        var sure = await (await Test("0")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(sure.GetProperty("unknown").GetBoolean());
        Assert.Equal(JsonValueKind.Null, sure.GetProperty("nearest").ValueKind);
        var unsure = await (await Test("1")).Content.ReadFromJsonAsync<JsonElement>();
        if (sure.GetProperty("probability").GetDouble() < 1)
        {
            Assert.Equal("unknown", unsure.GetProperty("label").GetString());
            Assert.Equal(sure.GetProperty("label").GetString(), unsure.GetProperty("nearest").GetProperty("label").GetString());
            Assert.Contains("below the threshold 1", unsure.GetProperty("unknownReason").GetString());
        }
        Assert.Equal(1, unsure.GetProperty("threshold").GetDouble());
        var odd = await Test("1.5");
        Assert.Equal(HttpStatusCode.BadRequest, odd.StatusCode);
        Assert.Contains("not a probability", (await odd.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var response = await client.GetAsync($"/api/projects/{id}/model.onnx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bears.onnx", response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var cached = Path.Combine(server.ProjectsDirectory, id, "model.onnx");
        Assert.Equal(File.ReadAllBytes(cached), bytes);
        var exportedAt = File.GetLastWriteTimeUtc(cached);
        Assert.Equal(bytes, await client.GetByteArrayAsync($"/api/projects/{id}/model.onnx"));
        Assert.Equal(exportedAt, File.GetLastWriteTimeUtc(cached)); // served from the cache, not exported again

        using var session = new InferenceSession(bytes);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("[\"grizzly\",\"teddy\"]", metadata["classes"]);
        var info = OnnxModelInfo.FromMetadata(metadata, "download");
        Assert.Equal(["grizzly", "teddy"], info.Classes);
        Assert.Equal(64, info.Size);
        Assert.Equal([-1, 2], session.OutputMetadata[OnnxModelInfo.OutputName].Dimensions);
    }
}
