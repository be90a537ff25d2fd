using System.Globalization;
using System.Text.RegularExpressions;
using Fewshot.Evaluation;
using Fewshot.Export;
using Fewshot.Inference;
using Fewshot.Predictors;
using Fewshot.Tests.Support;
using Microsoft.Playwright;

namespace Fewshot.Tests.Web;

/// <summary>
/// The page in real headless Chromium on the shared bears project (two classes of 20 photos, trained through the page at
/// 64 px for 1+1 epochs): training progress, the results and how they last, testing photos, the model downloads.
/// </summary>
[Collection(WebPageCollection.Name)]
public sealed class WebPageTests(WebPageFixture fixture)
{
    static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    string ModelPath(string id) => Path.Combine(fixture.Server.ProjectsDirectory, id, "model.fewshot");

    [Fact]
    public async Task TrainAndTestBears_ThroughThePage()
    {
        var bears = await fixture.Bears;
        await using var web = await fixture.OpenAsync(bears.Id);
        var page = web.Page;
        Assert.DoesNotContain("token", page.Url); // the token in the URL became a cookie and left the address bar

        // The accuracy on the page is the one recorded in the model file.
        var (manifest, _) = ModelFile.Read(ModelPath(bears.Id));
        var recorded = new Proportion(manifest.Training!.ValidCorrect, manifest.Training.ValidImages);
        await Expect(page.Locator("#accuracy")).ToHaveTextAsync(recorded.ToString());
        Assert.Equal(8, recorded.Total); // 20% of 20 photos in each of 2 classes
        await Expect(page.Locator("#confusion tbody tr")).ToHaveCountAsync(2);
        Assert.True(await page.Locator("#top-losses img").CountAsync() > 0, "no top-loss photos shown");
        await Expect(page.Locator("#train-form")).ToContainTextAsync("fewshot setup faces"); // people mode says what it needs

        // Test a new photo: the page shows what the saved model predicts.
        var testPhoto = Directory.GetFiles(Path.Combine(SharedData.Dataset("bears"), "valid", "teddy")).Order(StringComparer.Ordinal).First();
        await page.Locator("#test-file").SetInputFilesAsync(testPhoto);
        await Expect(page.Locator("#prediction")).ToBeVisibleAsync();
        await Expect(page.Locator("#prediction-label")).ToHaveTextAsync(new Regex(@"\S"));
        var shown = await page.TextContentAsync("#prediction-label");
        using (var predictor = Predictor.Load(ModelPath(bears.Id)))
            Assert.Equal(predictor.Predict(testPhoto).Label, shown);
        Assert.Contains(shown, bears.Classes);
        await page.Locator("#prediction").ScrollIntoViewIfNeededAsync();
        await web.Shot("06-test");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-model"));
        Assert.Equal("Bears.fewshot", download.SuggestedFilename);
        var saved = Path.Combine(fixture.Server.Root, "downloaded.fewshot");
        await download.SaveAsAsync(saved);
        Assert.Equal(File.ReadAllBytes(ModelPath(bears.Id)), File.ReadAllBytes(saved));

        // ONNX is exported on demand and kept beside the model.
        var onnx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-onnx"), new() { Timeout = 120_000 });
        Assert.Equal("Bears.onnx", onnx.SuggestedFilename);
        var savedOnnx = Path.Combine(fixture.Server.Root, "downloaded.onnx");
        await onnx.SaveAsAsync(savedOnnx);
        Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(ModelPath(bears.Id), ".onnx")), File.ReadAllBytes(savedOnnx));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Training_ShowsOneBarOverTheWholeRun_WithTheTimeLeft()
    {
        var samples = (await fixture.Bears).Progress;

        Assert.NotEmpty(samples);
        for (int i = 1; i < samples.Count; i++)
            Assert.True(samples[i].Value >= samples[i - 1].Value,
                $"the bar went back from {samples[i - 1].Value:F3} ({samples[i - 1].Status}) to {samples[i].Value:F3} ({samples[i].Status})");
        Assert.Equal(1, samples[^1].Value);
        Assert.Contains(samples, s => s.Status.Contains("Stage 2") && s.Value is > 0.3 and < 1);
        Assert.Contains(samples, s => Regex.IsMatch(s.Eta, @"^about \d+ (s|min) left$"));
        var features = samples.Where(s => s.Status.Contains("features", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(features);
        Assert.All(features, s => Assert.DoesNotContain("training photos", s.Status));
    }

    [Fact]
    public async Task AfterAReload_TheEpochTableAndLossCurveRemain()
    {
        var bears = await fixture.Bears;
        await using var web = await fixture.OpenAsync(bears.Id);
        var page = web.Page;

        await Expect(page.Locator("#live")).ToBeVisibleAsync();
        await Expect(page.Locator("#epoch-table tbody tr.epoch")).ToHaveCountAsync(2);
        await Expect(page.Locator("#epoch-table tbody tr.features")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("#loss-curve polyline").CountAsync() >= 1, "the loss curve has no line");
        await Expect(page.Locator("#train-progress")).ToHaveAttributeAsync("value", "1");
        // Epochs on cached features take milliseconds: the time column says so rather than "0.0 s".
        foreach (var time in await page.Locator("#epoch-table tbody td.time").AllTextContentsAsync())
            Assert.DoesNotMatch(@"^0\.0 s$", time);
        await page.Locator("#live").ScrollIntoViewIfNeededAsync();
        await web.Shot("05-after-reload");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AddingAPhotoAfterTraining_SaysTheResultsAreStale_UntilItIsRemoved()
    {
        var bears = await fixture.Bears;
        await using var web = await fixture.OpenAsync(bears.Id);
        var page = web.Page;
        await Expect(page.Locator("#results-stale")).ToBeHiddenAsync();
        var extra = Directory.GetFiles(Path.Combine(SharedData.Dataset("bears"), "valid", "grizzly")).Order(StringComparer.Ordinal).First();

        await web.UploadAsync("grizzly", [extra]);

        await Expect(page.Locator("#results-stale")).ToBeVisibleAsync();
        await Expect(page.Locator("#results-stale")).ToContainTextAsync("train again");
        await page.Locator("#results").ScrollIntoViewIfNeededAsync();
        await web.Shot("08-stale-results");
        await web.ClassCard("grizzly").GetByRole(AriaRole.Button, new() { Name = $"Remove {Path.GetFileName(extra)} from grizzly" }).ClickAsync();
        await Expect(web.ClassCard("grizzly").Locator(".count")).ToHaveTextAsync($"{WebPageFixture.BearPhotosPerClass} photos");
        await Expect(page.Locator("#results-stale")).ToBeHiddenAsync();
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheUnknownThreshold_CallsAnUnsurePhotoUnknown_ShowingTheNearestClassAsSuch()
    {
        var bears = await fixture.Bears;
        var (photo, nearest, threshold) = LeastSurePhoto(ModelPath(bears.Id), Path.Combine(SharedData.Dataset("bears"), "valid"));
        await using var web = await fixture.OpenAsync(bears.Id);
        var page = web.Page;

        await page.FillAsync("#threshold", threshold);
        await page.Locator("#test-file").SetInputFilesAsync(photo);

        await Expect(page.Locator("#prediction-label")).ToHaveTextAsync("unknown");
        var probability = nearest.Probability.ToString("F2", CultureInfo.InvariantCulture);
        await Expect(page.Locator("#prediction-probability")).ToHaveTextAsync($"— nearest: {nearest.Label} {probability}");
        await Expect(page.Locator("#prediction-reason")).ToContainTextAsync($"below the threshold {threshold}");
        await Expect(page.Locator("#prediction-bars .threshold")).ToHaveCountAsync(bears.Classes.Count);
        await page.Locator("#test").ScrollIntoViewIfNeededAsync();
        await web.Shot("09-threshold");

        await page.FillAsync("#threshold", "0");
        await page.Locator("#test-file").SetInputFilesAsync(photo);
        await Expect(page.Locator("#prediction-label")).ToHaveTextAsync(nearest.Label);
        await Expect(page.Locator("#prediction-probability")).ToHaveTextAsync($"(probability {probability})");
        await Expect(page.Locator("#prediction-bars .threshold")).ToHaveCountAsync(0);
        web.AssertNoConsoleErrors();
    }

    /// <summary>The validation photo (a black bear is neither class) the model is least sure of, and a threshold just above its top probability.</summary>
    static (string Photo, Prediction Nearest, string Threshold) LeastSurePhoto(string model, string folder)
    {
        using var predictor = Predictor.Load(model);
        var (photo, prediction) = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => (p, predictor.Predict(p))).MinBy(x => x.Item2.Probability);
        Assert.True(prediction.Probability < 0.999f, $"the model is sure of every photo ({prediction.Probability} at least)");
        var threshold = Math.Ceiling((prediction.Probability + 0.0005) * 1000) / 1000;
        return (photo, prediction, threshold.ToString("0.###", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task LongClassNames_StayClearOfTheBars_AndTheLayoutHolds()
    {
        var bears = await fixture.Bears;
        await using var web = await fixture.OpenAsync(bears.Id);
        var page = web.Page;
        var photo = Directory.GetFiles(Path.Combine(SharedData.Dataset("bears"), "valid", "grizzly")).Order(StringComparer.Ordinal).First();
        await page.Locator("#test-file").SetInputFilesAsync(photo);
        await Expect(page.Locator("#prediction-bars li")).ToHaveCountAsync(2);

        foreach (var row in await page.Locator("#prediction-bars li").AllAsync())
        {
            var label = (await row.Locator(".name").BoundingBoxAsync())!;
            var bar = (await row.Locator(".bar").BoundingBoxAsync())!;
            Assert.True(label.X + label.Width <= bar.X, $"the class name ends at {label.X + label.Width}, over the bar starting at {bar.X}");
        }
        await Expect(page.Locator($"#prediction-bars .name[title=\"{WebPageFixture.LongTeddyClass}\"]")).ToHaveCountAsync(1);
        var topLosses = (await page.Locator("#top-losses").BoundingBoxAsync())!;
        Assert.True(topLosses.Width >= 400, $"Top losses is squeezed to {topLosses.Width} px");
        foreach (var button in new[] { "#download-model", "#download-onnx" })
        {
            var box = (await page.Locator(button).BoundingBoxAsync())!;
            Assert.True(box.Height < 44, $"{button} wraps onto a second line ({box.Height} px high)");
        }
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ConfusionMatrixNumbers_ContrastAtLeast4point5To1()
    {
        var bears = await fixture.Bears;
        await using var web = await fixture.OpenAsync(bears.Id);

        var ratios = await web.Page.EvaluateAsync<double[]>("""
            () => {
              const rgb = (css) => css.match(/[\d.]+/g).map(Number);
              const over = (fg, bg) => fg.length === 4 ? fg.slice(0, 3).map((c, i) => c * fg[3] + bg[i] * (1 - fg[3])) : fg;
              const luminance = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
              return [...document.querySelectorAll('#confusion td')].map((td) => {
                const style = getComputedStyle(td);
                const background = over(rgb(style.backgroundColor), [255, 255, 255]);
                const text = over(rgb(style.color), background);
                const [a, b] = [luminance(background), luminance(text)].sort((x, y) => y - x);
                return (a + 0.05) / (b + 0.05);
              });
            }
            """);

        Assert.Equal(4, ratios.Length);
        Assert.All(ratios, r => Assert.True(r >= 4.5, $"contrast {r:F2}:1 in the confusion matrix"));
    }
}
