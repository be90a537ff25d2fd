using System.Text.Json;
using Fewshot.Tests.Faces;
using Fewshot.Tests.Support;
using Fewshot.Web;
using Microsoft.Playwright;

namespace Fewshot.Tests.Web;

[CollectionDefinition(Name)]
public sealed class WebPageCollection : ICollectionFixture<WebPageFixture>
{
    public const string Name = "Web page in Chromium";
}

/// <summary>A training made through the page, and what the page showed while it ran.</summary>
/// <param name="Progress">Every change of the progress bar, the status line and the time estimate while it trained.</param>
public sealed record TrainedProject(string Id, string Name, IReadOnlyList<string> Classes, IReadOnlyList<ProgressSample> Progress);

public sealed record ProgressSample(double Value, string Status, string Eta, int EpochRows);

/// <summary>
/// One server and one headless Chromium (Debian's, installed by scripts/setup.sh; a fake camera serves the webcam) for
/// every page test, and the trainings they share, each made once through the page: a bears project (plain, 64 px,
/// 1+1 epochs) and a people project (Messi and Ronaldo, 8 face photos each). Screenshots go to bin/…/screenshots/web/.
/// </summary>
public sealed class WebPageFixture : IAsyncLifetime
{
    const string Chromium = "/usr/bin/chromium";
    public const int BearPhotosPerClass = 20;
    public const int PeoplePhotosPerClass = 8;
    /// <summary>A class name as long as names may be, to show how the page lays it out.</summary>
    public const string LongTeddyClass = "teddy: soft toy bears photographed on sofas and shelves";

    static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ];

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots", "web");

    readonly DirectoryInfo _imports = Directory.CreateTempSubdirectory("fewshot-web-imports-");
    WebTestServer? _server;
    IPlaywright? _playwright;
    IBrowser? _browser;
    Task<TrainedProject>? _bears;
    Task<TrainedProject>? _people;

    public WebTestServer Server => _server!;
    /// <summary>The one folder this server may import from.</summary>
    public string ImportRoot => _imports.FullName;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup.sh (it installs Debian's chromium).");
        Directory.CreateDirectory(ScreenshotDirectory);
        _server = await WebTestServer.StartAsync(new WebServerOptions { ImportRoots = [ImportRoot] });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _imports.Delete(recursive: true);
    }

    /// <summary>A new browser context (no cookie yet) on the page, through the address with the token, at a project if given.</summary>
    public async Task<WebPage> OpenAsync(string? projectId = null, int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = new WebPage(context, await context.NewPageAsync());
        await page.Page.GotoAsync(Server.Server.Url + (projectId is null ? "" : "#" + projectId));
        if (projectId is not null) await Assertions.Expect(page.Page.Locator("#project")).ToBeVisibleAsync();
        return page;
    }

    public Task<TrainedProject> Bears => _bears ??= TrainBearsAsync();

    public Task<TrainedProject> People => _people ??= TrainPeopleAsync();

    async Task<TrainedProject> TrainBearsAsync()
    {
        var bears = SharedData.Dataset("bears");
        await using var web = await OpenAsync();
        await web.Shot("01-start");
        var id = await web.CreateProjectAsync("Bears");
        string[] classes = ["grizzly", LongTeddyClass];
        foreach (var (name, folder) in classes.Zip(["grizzly", "teddy"]))
        {
            await web.AddClassAsync(name);
            await web.UploadAsync(name, Directory.GetFiles(Path.Combine(bears, "train", folder)).Order(StringComparer.Ordinal).Take(BearPhotosPerClass));
        }
        await web.Shot("02-dataset");
        var page = web.Page;
        await page.CheckAsync("input[name=mode][value=plain]");
        await page.SelectOptionAsync("#size", "64");
        await page.FillAsync("#epochs", "1");
        await page.FillAsync("#unfreeze-epochs", "1");
        // The first epoch's row, then the screenshot; a quick second epoch may already be there (polling could miss the one-row table).
        var progress = await web.TrainAsync(async () =>
        {
            await Assertions.Expect(page.Locator("#epoch-table tbody tr.epoch").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
            await web.Shot("04-training");
        });
        // The page's own observer saw every change: the table grew one epoch at a time while the run went on.
        Assert.Equal([1, 2], progress.Select(s => s.EpochRows).Where(rows => rows > 0).Distinct());
        await web.Shot("05-results");
        web.AssertNoConsoleErrors();
        return new TrainedProject(id, "Bears", classes, progress);
    }

    async Task<TrainedProject> TrainPeopleAsync()
    {
        new FaceModelsFixture().RequireModels();
        var faces = SharedData.Dataset("footballer_faces");
        await using var web = await OpenAsync();
        var id = await web.CreateProjectAsync("Footballers");
        string[] people = ["lionel_messi", "cristiano_ronaldo"];
        foreach (var name in people)
        {
            await web.AddClassAsync(name);
            await web.UploadAsync(name, Directory.GetFiles(Path.Combine(faces, "train", name)).Order(StringComparer.Ordinal).Take(PeoplePhotosPerClass));
        }
        await web.Page.CheckAsync("input[name=mode][value=people]");
        var progress = await web.TrainAsync();
        await web.Shot("07-people-results");
        web.AssertNoConsoleErrors();
        return new TrainedProject(id, "Footballers", people, progress);
    }
}

/// <summary>One browser tab on the page, with the steps tests take through it.</summary>
public sealed class WebPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    readonly List<string> _consoleErrors = Watch(page);

    public IPage Page => page;

    static List<string> Watch(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <param name="refusedRequests">Whether the test made the server refuse requests (the browser logs each refusal as an error).</param>
    public void AssertNoConsoleErrors(bool refusedRequests = false)
    {
        var errors = _consoleErrors.Where(e => !(refusedRequests && e.StartsWith("Failed to load resource", StringComparison.Ordinal))).ToList();
        Assert.True(errors.Count == 0, "browser console errors: " + string.Join("; ", errors));
    }

    public ValueTask DisposeAsync() => new(context.CloseAsync());

    public Task Shot(string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebPageFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    public string ProjectId => new Uri(page.Url).Fragment.TrimStart('#');

    public async Task<string> CreateProjectAsync(string name)
    {
        await page.FillAsync("#new-project-name", name);
        await page.ClickAsync("#new-project button[type=submit]");
        await Assertions.Expect(page.Locator("#project-title")).ToHaveTextAsync(name);
        return ProjectId;
    }

    public async Task AddClassAsync(string name)
    {
        await page.FillAsync("#new-class-name", name);
        await page.ClickAsync("#new-class button[type=submit]");
        await Assertions.Expect(ClassCard(name)).ToBeVisibleAsync();
    }

    public ILocator ClassCard(string name) => page.Locator($".class-card[data-class={JsonSerializer.Serialize(name)}]");

    public async Task UploadAsync(string className, IEnumerable<string> photos)
    {
        var files = photos.ToArray();
        var count = ClassCard(className).Locator(".count");
        var before = int.Parse((await count.TextContentAsync())!.Split(' ')[0]);
        await ClassCard(className).Locator("input[type=file]").SetInputFilesAsync(files);
        var after = before + files.Length;
        await Assertions.Expect(count).ToHaveTextAsync($"{after} photo{(after == 1 ? "" : "s")}", new() { Timeout = 120_000 });
    }

    /// <summary>Clicks Train and waits for the results, recording every change of the progress bar, status and time estimate.</summary>
    /// <param name="whileRunning">What to do once the training has started.</param>
    public async Task<IReadOnlyList<ProgressSample>> TrainAsync(Func<Task>? whileRunning = null)
    {
        await page.EvaluateAsync("""
            () => {
              window.progressSamples = [];
              const read = () => ({ value: document.getElementById('train-progress').value,
                status: document.getElementById('train-status').textContent, eta: document.getElementById('train-eta').textContent,
                rows: document.querySelectorAll('#epoch-table tbody tr.epoch').length });
              const record = () => {
                const s = read(), last = window.progressSamples.at(-1);
                if (!last || last.value !== s.value || last.status !== s.status || last.eta !== s.eta || last.rows !== s.rows) window.progressSamples.push(s);
              };
              new MutationObserver(record).observe(document.getElementById('live'), { attributes: true, childList: true, characterData: true, subtree: true });
            }
            """);
        await page.ClickAsync("#train-button");
        if (whileRunning is not null) await whileRunning();
        await Assertions.Expect(page.Locator("#results")).ToBeVisibleAsync(new() { Timeout = 300_000 });
        await Assertions.Expect(page.Locator("#train-button")).ToBeEnabledAsync();
        var samples = await page.EvaluateAsync<JsonElement>("() => window.progressSamples");
        return samples.EnumerateArray().Select(s => new ProgressSample(s.GetProperty("value").GetDouble(), s.GetProperty("status").GetString()!,
            s.GetProperty("eta").GetString()!, s.GetProperty("rows").GetInt32())).ToList();
    }
}
