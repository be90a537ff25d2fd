using System.Text.RegularExpressions;
using Fewshot.Evaluation;
using Fewshot.Export;
using Fewshot.Inference;
using Fewshot.People;
using Fewshot.Tests.Faces;
using Fewshot.Tests.Support;
using Microsoft.Playwright;

namespace Fewshot.Tests.Web;

/// <summary>
/// The whole page in real headless Chromium (Debian's, installed by scripts/setup.sh): a project with two
/// classes of bear photos, a short training, the results, a test photo, the model downloads (.fewshot and ONNX).
/// Screenshots go to bin/…/screenshots/web/.
/// </summary>
public sealed class WebPageTests
{
    const string Chromium = "/usr/bin/chromium";
    const int PhotosPerClass = 20;
    static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots", "web");

    /// <summary>Debian's Chromium, headless, with the flags this closed network needs; never a downloaded browser.</summary>
    static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup.sh (it installs Debian's chromium).");
        Directory.CreateDirectory(ScreenshotDirectory);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
    }

    [Fact]
    public async Task TrainAndTestBears_ThroughThePage()
    {
        var bears = SharedData.Dataset("bears");
        await using var server = await WebTestServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        // The token in the URL becomes a cookie and leaves the address bar.
        await page.GotoAsync(server.Server.Url);
        Assert.DoesNotContain("token", page.Url);
        await Shot(page, "01-start");

        await page.FillAsync("#new-project-name", "Bears");
        await page.ClickAsync("#new-project button[type=submit]");
        await Expect(page.Locator("#project-title")).ToHaveTextAsync("Bears");
        foreach (var name in new[] { "grizzly", "teddy" })
        {
            await page.FillAsync("#new-class-name", name);
            await page.ClickAsync("#new-class button[type=submit]");
            await Expect(page.Locator($".class-card[data-class={name}]")).ToBeVisibleAsync();
        }
        foreach (var name in new[] { "grizzly", "teddy" })
        {
            var photos = Directory.GetFiles(Path.Combine(bears, "train", name)).Order(StringComparer.Ordinal).Take(PhotosPerClass).ToArray();
            await page.Locator($".class-card[data-class={name}] input[type=file]").SetInputFilesAsync(photos);
            await Expect(page.Locator($".class-card[data-class={name}] .count")).ToHaveTextAsync($"{PhotosPerClass} photos",
                new() { Timeout = 60_000 });
        }
        await Expect(page.Locator("#warnings")).ToContainTextAsync("held out to measure accuracy");
        await Shot(page, "02-dataset");

        // People mode is offered and says what it needs.
        await Expect(page.Locator("#train-form")).ToContainTextAsync("fewshot setup faces");

        await page.CheckAsync("input[name=mode][value=plain]");
        await page.SelectOptionAsync("#size", "64");
        await page.FillAsync("#epochs", "1");
        await page.FillAsync("#unfreeze-epochs", "1");
        await page.ClickAsync("#train-button");
        await Expect(page.Locator("#epoch-table tbody tr")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Shot(page, "04-training");
        await Expect(page.Locator("#results")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.Locator("#epoch-table tbody tr")).ToHaveCountAsync(2);
        Assert.True(await page.Locator("#loss-curve polyline").CountAsync() >= 1, "the loss curve has no line");
        await Shot(page, "05-results");

        // The accuracy on the page is the one recorded in the model file.
        var projectId = new Uri(page.Url).Fragment.TrimStart('#');
        var modelPath = Path.Combine(server.ProjectsDirectory, projectId, "model.fewshot");
        var (manifest, _) = ModelFile.Read(modelPath);
        var recorded = new Proportion(manifest.Training!.ValidCorrect, manifest.Training.ValidImages);
        Assert.Equal(recorded.ToString(), await page.TextContentAsync("#accuracy"));
        Assert.Equal(8, recorded.Total); // 20% of 20 photos in each of 2 classes
        Assert.Equal(2, await page.Locator("#confusion tbody tr").CountAsync());
        Assert.True(await page.Locator("#top-losses img").CountAsync() > 0, "no top-loss photos shown");

        // Test a new photo: the page shows what the saved model predicts.
        var testPhoto = Directory.GetFiles(Path.Combine(bears, "valid", "teddy")).Order(StringComparer.Ordinal).First();
        await page.Locator("#test-file").SetInputFilesAsync(testPhoto);
        await Expect(page.Locator("#prediction")).ToBeVisibleAsync();
        await Expect(page.Locator("#prediction-label")).ToHaveTextAsync(new Regex(@"\S"));
        var shown = await page.TextContentAsync("#prediction-label");
        using (var predictor = Predictor.Load(modelPath))
            Assert.Equal(predictor.Predict(testPhoto).Label, shown);
        Assert.Contains(shown, new[] { "grizzly", "teddy" });
        await page.Locator("#prediction").ScrollIntoViewIfNeededAsync();
        await Shot(page, "06-test");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-model"));
        Assert.Equal("Bears.fewshot", download.SuggestedFilename);
        var saved = Path.Combine(server.Root, "downloaded.fewshot");
        await download.SaveAsAsync(saved);
        Assert.Equal(File.ReadAllBytes(modelPath), File.ReadAllBytes(saved));

        // ONNX is exported on demand and kept beside the model.
        var onnx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-onnx"), new() { Timeout = 120_000 });
        Assert.Equal("Bears.onnx", onnx.SuggestedFilename);
        var savedOnnx = Path.Combine(server.Root, "downloaded.onnx");
        await onnx.SaveAsAsync(savedOnnx);
        Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(modelPath, ".onnx")), File.ReadAllBytes(savedOnnx));

        Assert.True(consoleErrors.Count == 0, "browser console errors: " + string.Join("; ", consoleErrors));
        TestContext.Current.SendDiagnosticMessage($"Screenshots in {ScreenshotDirectory}");
    }

    [Fact]
    public async Task PeopleMode_ThroughThePage_NamesTheFace_AndOffersNoOnnx()
    {
        new FaceModelsFixture().RequireModels();
        var faces = SharedData.Dataset("footballer_faces");
        await using var server = await WebTestServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        await page.GotoAsync(server.Server.Url);
        await page.FillAsync("#new-project-name", "Footballers");
        await page.ClickAsync("#new-project button[type=submit]");
        string[] people = ["lionel_messi", "cristiano_ronaldo"];
        foreach (var name in people)
        {
            await page.FillAsync("#new-class-name", name);
            await page.ClickAsync("#new-class button[type=submit]");
            var photos = Directory.GetFiles(Path.Combine(faces, "train", name)).Order(StringComparer.Ordinal).Take(8).ToArray();
            await page.Locator($".class-card[data-class={name}] input[type=file]").SetInputFilesAsync(photos);
            await Expect(page.Locator($".class-card[data-class={name}] .count")).ToHaveTextAsync("8 photos", new() { Timeout = 60_000 });
        }

        await page.CheckAsync("input[name=mode][value=people]");
        await page.FillAsync("#epochs", "5");
        await page.ClickAsync("#train-button");
        await Expect(page.Locator("#results")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        // The logistic head is fitted once: one row, whatever the epochs field says.
        await Expect(page.Locator("#epoch-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#results-note")).ToContainTextAsync("people mode: a logistic head");
        await Expect(page.Locator("#results-notes")).ToContainTextAsync("Features:");
        await Expect(page.Locator("#results-notes")).ToContainTextAsync("L2 penalty");
        await Expect(page.Locator("#accuracy")).ToContainTextAsync("95% CI");
        await Expect(page.Locator("#download-onnx")).ToBeHiddenAsync();
        await Expect(page.Locator("#onnx-note")).ToContainTextAsync("not exportable");

        var testPhoto = Directory.GetFiles(Path.Combine(faces, "valid", "lionel_messi")).Order(StringComparer.Ordinal).First();
        await page.Locator("#test-file").SetInputFilesAsync(testPhoto);
        await Expect(page.Locator("#prediction")).ToBeVisibleAsync();
        await Expect(page.Locator("#prediction-label")).ToHaveTextAsync(new Regex("^(lionel_messi|cristiano_ronaldo|unknown)$"));
        var modelPath = Path.Combine(server.ProjectsDirectory, new Uri(page.Url).Fragment.TrimStart('#'), "model.fewshot");
        using (var predictor = PeoplePredictor.Load(modelPath))
        {
            var expected = predictor.Predict(testPhoto);
            Assert.Equal(expected.Prediction.Verdict, await page.TextContentAsync("#prediction-label"));
            Assert.Equal(expected.FaceFound, await page.Locator("#prediction-face").IsVisibleAsync());
        }
        await page.Locator("#prediction").ScrollIntoViewIfNeededAsync();
        await Shot(page, "07-people");
        Assert.True(consoleErrors.Count == 0, "browser console errors: " + string.Join("; ", consoleErrors));
    }

    static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
