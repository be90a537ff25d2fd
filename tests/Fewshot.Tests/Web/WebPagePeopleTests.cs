using System.Globalization;
using Fewshot.Imaging;
using Fewshot.People;
using Fewshot.Tests.Support;
using Microsoft.Playwright;

namespace Fewshot.Tests.Web;

/// <summary>People mode through the page, on the shared people project (Messi and Ronaldo, 8 face photos each).</summary>
[Collection(WebPageCollection.Name)]
public sealed class WebPagePeopleTests(WebPageFixture fixture)
{
    /// <summary>A full-scene photo of Kevin De Bruyne with two other people, whom the project does not know.</summary>
    const string GroupPhoto = "footballer_scenes/valid/de_bryune/Image_92.jpg";

    static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    string ModelPath(string id) => Path.Combine(fixture.Server.ProjectsDirectory, id, "model.fewshot");

    static string Two(float x) => x.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>What the page must show for one face: its name and probability, or "unknown" and the nearest class as such.</summary>
    static string Answer(PersonPrediction face) => face.Prediction.IsUnknown
        ? $"unknown — nearest: {face.Prediction.Label} {Two(face.Prediction.Probability)}"
        : $"{face.Prediction.Label} {Two(face.Prediction.Probability)}";

    [Fact]
    public async Task PeopleMode_TrainsThroughThePage_AndOffersNoOnnx()
    {
        var people = await fixture.People;
        await using var web = await fixture.OpenAsync(people.Id);
        var page = web.Page;

        // The logistic head is fitted once: one row, whatever the epochs field says.
        await Expect(page.Locator("#epoch-table tbody tr.epoch")).ToHaveCountAsync(1);
        await Expect(page.Locator("#results-note")).ToContainTextAsync("people mode: a logistic head");
        await Expect(page.Locator("#results-notes")).ToContainTextAsync("Features:");
        await Expect(page.Locator("#accuracy")).ToContainTextAsync("95% CI");
        await Expect(page.Locator("#download-onnx")).ToBeHiddenAsync();
        await Expect(page.Locator("#onnx-note")).ToContainTextAsync("not exportable");
        Assert.Contains(people.Progress, s => s.Status.Contains("Finding faces"));

        // Image size and epochs do not apply to people mode: the form says so by disabling them.
        string[] imageOnly = ["#size", "#epochs", "#unfreeze-epochs"];
        await page.CheckAsync("input[name=mode][value=people]");
        foreach (var input in imageOnly) await Expect(page.Locator(input)).ToBeDisabledAsync();
        await page.CheckAsync("input[name=mode][value=plain]");
        foreach (var input in imageOnly) await Expect(page.Locator(input)).ToBeEnabledAsync();
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task EveryFaceOfAGroupPhoto_IsBoxedAndNamed_WithItsProbabilityAndDistance()
    {
        var people = await fixture.People;
        var photo = Path.Combine(SharedData.Root!, "datasets", GroupPhoto);
        IReadOnlyList<PersonPrediction> expected;
        PersonPrediction answer;
        using (var predictor = PeoplePredictor.Load(ModelPath(people.Id)))
        {
            var image = ImageLoader.Load(photo, predictor.Spec.DecodeMinSide);
            expected = predictor.PredictEveryFace(image, photo);
            answer = predictor.Predict(image, photo);
        }
        Assert.True(expected.Count >= 2, $"{expected.Count} face(s) found in {GroupPhoto}");
        await using var web = await fixture.OpenAsync(people.Id);
        var page = web.Page;

        await page.Locator("#test-file").SetInputFilesAsync(photo);

        await Expect(page.Locator("#prediction-faces li")).ToHaveCountAsync(expected.Count);
        await Expect(page.Locator("#prediction .face-box")).ToHaveCountAsync(expected.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var face = expected[i];
            var row = page.Locator("#prediction-faces li").Nth(i);
            await Expect(row).ToContainTextAsync($"Face {i + 1}: {Answer(face)}");
            await Expect(row).ToContainTextAsync($"distance {face.NearestDistance.ToString("F3", CultureInfo.InvariantCulture)}");
            await Expect(page.Locator("#prediction .face-box").Nth(i)).ToContainTextAsync($"{i + 1} {Answer(face)}");
        }
        await Expect(page.Locator("#prediction-label")).ToHaveTextAsync(answer.Prediction.Verdict);
        await Expect(page.Locator("#prediction-probability")).Not.ToContainTextAsync("unknown (probability");
        await page.Locator("#prediction").ScrollIntoViewIfNeededAsync();
        await web.Shot("08-people-every-face");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task APhotoWithoutAFace_SaysWhatPeopleModeDecided()
    {
        var people = await fixture.People;
        string photo;
        PersonPrediction expected;
        // Bears have no human faces (but a teddy's face can pass for one).
        using (var predictor = PeoplePredictor.Load(ModelPath(people.Id)))
            (photo, expected) = Directory.GetFiles(Path.Combine(SharedData.Dataset("bears"), "valid", "grizzly")).Order(StringComparer.Ordinal)
                .Select(p => (p, predictor.Predict(p))).First(x => !x.Item2.FaceFound);
        await using var web = await fixture.OpenAsync(people.Id);
        var page = web.Page;

        await page.Locator("#test-file").SetInputFilesAsync(photo);

        await Expect(page.Locator("#prediction-source")).ToBeVisibleAsync();
        await Expect(page.Locator("#prediction-source")).ToContainTextAsync(expected.FaceSource == FaceSource.WholePhoto
            ? "No face found: the whole photo was used in its place"
            : "No face found, so no one is named");
        await Expect(page.Locator("#prediction .face-box")).ToHaveCountAsync(0);
        await Expect(page.Locator("#prediction-label")).ToHaveTextAsync(expected.Prediction.Verdict);
        if (expected.Prediction.IsUnknown)
            await Expect(page.Locator("#prediction-probability")).ToHaveTextAsync(
                $"— nearest: {expected.Prediction.Label} {Two(expected.Prediction.Probability)}");
        await page.Locator("#prediction").ScrollIntoViewIfNeededAsync();
        await web.Shot("08-people-no-face");
        web.AssertNoConsoleErrors();
    }
}
