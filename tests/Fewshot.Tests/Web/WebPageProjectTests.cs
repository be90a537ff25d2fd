using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fewshot.Tests.Web;

/// <summary>Projects, classes and photos through the page, in Chromium: names, keyboard use, uploads, imports, the token.</summary>
[Collection(WebPageCollection.Name)]
public sealed class WebPageProjectTests(WebPageFixture fixture) : IDisposable
{
    readonly DirectoryInfo _photos = Directory.CreateTempSubdirectory("fewshot-web-photos-");

    public void Dispose() => _photos.Delete(recursive: true);

    static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>Small generated photos written to files, for the page's file control.</summary>
    string[] Photos(string prefix, int count) => Enumerable.Range(0, count).Select(i =>
    {
        var path = Path.Combine(_photos.FullName, $"{prefix}-{i:D3}.png");
        File.WriteAllBytes(path, WebPhotos.Png(96, (byte)(i * 5 + prefix.Length)));
        return path;
    }).ToArray();

    [Fact]
    public async Task ClassesNamedDotOrDotDot_AreRefused_WithAMessage()
    {
        await using var web = await fixture.OpenAsync();
        await web.CreateProjectAsync("Dots");

        foreach (var name in new[] { ".", ".." })
        {
            await web.Page.FillAsync("#new-class-name", name);
            await web.Page.ClickAsync("#new-class button[type=submit]");
            await Expect(web.Page.Locator("#error")).ToContainTextAsync("cannot be named");
            await Expect(web.Page.Locator(".class-card")).ToHaveCountAsync(0);
        }
        web.AssertNoConsoleErrors(refusedRequests: true);
    }

    [Fact]
    public async Task ADuplicateClass_IsRefusedNamingTheExistingOne_AndCountsAreSingularForOne()
    {
        await using var web = await fixture.OpenAsync();
        var id = await web.CreateProjectAsync("Counts");
        await web.AddClassAsync("faces");

        await web.Page.FillAsync("#new-class-name", "FACES");
        await web.Page.ClickAsync("#new-class button[type=submit]");

        await Expect(web.Page.Locator("#error")).ToContainTextAsync("There is already a class named 'faces'");
        await Expect(web.Page.Locator($"#project-list button[data-project='{id}'] small")).ToHaveTextAsync("1 class · 0 photos");
        await web.UploadAsync("faces", Photos("one", 1));
        await Expect(web.ClassCard("faces").Locator(".count")).ToHaveTextAsync("1 photo");
        await Expect(web.Page.Locator($"#project-list button[data-project='{id}'] small")).ToHaveTextAsync("1 class · 1 photo");
        web.AssertNoConsoleErrors(refusedRequests: true);
    }

    [Fact]
    public async Task ARequestOfTheWrongContentType_GetsAMessage_NotAnEmptyBody()
    {
        await using var web = await fixture.OpenAsync();

        var response = await web.Page.APIRequest.PostAsync(fixture.Server.BaseAddress + "api/projects",
            new() { Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" }, Data = "{\"name\":\"x\"}" });

        Assert.Equal(415, response.Status);
        Assert.Contains("Send the request's body as JSON", await response.TextAsync());
    }

    [Fact]
    public async Task AProject_IsRenamedAndDeleted_FromThePage()
    {
        await using var web = await fixture.OpenAsync();
        var page = web.Page;
        var id = await web.CreateProjectAsync("Frist try");

        await page.ClickAsync("#rename-project");
        await page.FillAsync("#rename-name", "First try");
        await page.PressAsync("#rename-name", "Enter");
        await Expect(page.Locator("#project-title")).ToHaveTextAsync("First try");
        await Expect(page.Locator($"#project-list button[data-project='{id}']")).ToContainTextAsync("First try");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#delete-project");
        await Expect(page.Locator("#empty")).ToBeVisibleAsync();
        await Expect(page.Locator($"#project-list button[data-project='{id}']")).ToHaveCountAsync(0);
        Assert.False(Directory.Exists(Path.Combine(fixture.Server.ProjectsDirectory, id)));
        Assert.Equal("", new Uri(page.Url).Fragment);
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task WhileAProjectTrains_ItsClassesCannotChange_AndThePageSaysWhy()
    {
        await using var web = await fixture.OpenAsync();
        var page = web.Page;
        await web.CreateProjectAsync("Busy");
        foreach (var name in new[] { "light", "dark" })
        {
            await web.AddClassAsync(name);
            await web.UploadAsync(name, Photos(name, 3));
        }
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.SelectOptionAsync("#size", "64");
        await page.FillAsync("#epochs", "100");
        await page.FillAsync("#unfreeze-epochs", "100");
        await page.ClickAsync("#train-button");
        await Expect(page.Locator("#cancel-button")).ToBeVisibleAsync();

        await web.ClassCard("dark").GetByRole(AriaRole.Button, new() { Name = "Delete class dark" }).ClickAsync();
        await Expect(page.Locator("#error")).ToContainTextAsync("is training");
        await page.ClickAsync("#delete-project");
        await Expect(page.Locator("#error")).ToContainTextAsync("cancel the training before deleting");
        await Expect(web.ClassCard("dark")).ToBeVisibleAsync();
        await web.Shot("03-refused-while-training");

        await page.ClickAsync("#cancel-button");
        await Expect(page.Locator("#train-status")).ToContainTextAsync("cancelled", new() { Timeout = 60_000 });
        await web.ClassCard("dark").GetByRole(AriaRole.Button, new() { Name = "Delete class dark" }).ClickAsync();
        await Expect(web.ClassCard("dark")).ToHaveCountAsync(0);
        web.AssertNoConsoleErrors(refusedRequests: true);
    }

    [Fact]
    public async Task UploadingManyPhotos_ShowsHowManyHaveBeenSent()
    {
        await using var web = await fixture.OpenAsync();
        var page = web.Page;
        await web.CreateProjectAsync("Many photos");
        await web.AddClassAsync("many");
        // Each upload request is held a little, as on a slow connection, so the page's progress can be seen.
        await page.RouteAsync("**/classes/many/images", async route =>
        {
            await Task.Delay(300);
            await route.ContinueAsync();
        });
        await page.EvaluateAsync("""
            () => {
              window.uploadTexts = [];
              const status = document.getElementById('upload-status');
              new MutationObserver(() => window.uploadTexts.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
            }
            """);

        await web.ClassCard("many").Locator("input[type=file]").SetInputFilesAsync(Photos("many", 45));
        await Expect(page.Locator("#upload-status")).ToContainTextAsync(new Regex(@": [1-3]\d/45"));
        await web.Shot("02-uploading");
        await Expect(web.ClassCard("many").Locator(".count")).ToHaveTextAsync("45 photos", new() { Timeout = 60_000 });

        var texts = await page.EvaluateAsync<string[]>("() => window.uploadTexts");
        var counts = texts.Select(t => Regex.Match(t, @"Uploading photos to many: (\d+)/45")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.True(counts.Count >= 3, "upload progress seen: " + string.Join(" | ", texts));
        Assert.Equal(counts.Order(), counts);
        Assert.Contains(counts, c => c is > 0 and < 45);
        await Expect(page.Locator("#upload-status")).ToBeHiddenAsync();
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task WithoutTheToken_ThePageSaysToOpenTheAddressThatServePrinted()
    {
        await using var web = await fixture.OpenAsync();
        var anonymous = await web.Page.Context.Browser!.NewContextAsync();
        try
        {
            var page = await anonymous.NewPageAsync();
            var response = await page.GotoAsync(fixture.Server.BaseAddress.ToString());

            Assert.Equal((int)HttpStatusCode.Unauthorized, response!.Status);
            Assert.StartsWith("text/html", response.Headers["content-type"]);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Open the address that fewshot serve printed");
            await Expect(page.Locator("body")).ToContainTextAsync("?token=");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebPageFixture.ScreenshotDirectory, "00-no-token.png") });
            // The API keeps answering in JSON.
            var api = await page.APIRequest.GetAsync(fixture.Server.BaseAddress + "api/projects");
            Assert.Equal(401, api.Status);
            Assert.Contains("access token", await api.TextAsync());
        }
        finally
        {
            await anonymous.CloseAsync();
        }
    }

    [Fact]
    public async Task TheKeyboard_ReachesTrainInFewSteps_SeesWhereItIs_AndEveryButtonIsBigEnough()
    {
        await using var web = await fixture.OpenAsync();
        var page = web.Page;
        await web.CreateProjectAsync("Keyboard");
        foreach (var name in new[] { "first", "second", "third" })
        {
            await web.AddClassAsync(name);
            await web.UploadAsync(name, Photos(name, 15));
        }

        await page.FocusAsync("#new-class-name");
        var stops = new List<string>();
        while (stops.Count < 80 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "train-button")
        {
            await page.Keyboard.PressAsync("Tab");
            stops.Add(await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim() || document.activeElement.id"));
        }
        Assert.True(stops.Count <= 25, $"{stops.Count} Tab presses from the class name to Train: {string.Join(" | ", stops)}");

        // The control that chooses files shows where the focus is.
        var choose = web.ClassCard("first").Locator(".choose-files");
        await choose.FocusAsync();
        Assert.NotEqual("none", await choose.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await web.Shot("10-keyboard-focus");

        // Remove buttons are shown without hovering, big enough to hit, and the arrow keys move between them.
        var removes = web.ClassCard("first").Locator(".thumb .remove");
        await Expect(removes).ToHaveCountAsync(15);
        for (int i = 0; i < 15; i++)
        {
            var box = (await removes.Nth(i).BoundingBoxAsync())!;
            Assert.True(box.Width >= 24 && box.Height >= 24, $"remove button {i} is {box.Width}×{box.Height} px");
            Assert.Equal("1", await removes.Nth(i).EvaluateAsync<string>("e => getComputedStyle(e).opacity"));
        }
        await removes.Nth(0).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal(await removes.Nth(1).GetAttributeAsync("aria-label"), await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task FolderImport_SaysWhereFromAndRefusesOtherFolders()
    {
        var folder = Directory.CreateDirectory(Path.Combine(fixture.ImportRoot, "cats"));
        foreach (var photo in Photos("cat", 2)) File.Copy(photo, Path.Combine(folder.FullName, Path.GetFileName(photo)));
        File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not a photo");
        await using var web = await fixture.OpenAsync();
        var page = web.Page;
        await web.CreateProjectAsync("Import");
        await web.AddClassAsync("cats");
        var card = web.ClassCard("cats");

        await card.Locator("summary").ClickAsync();
        await Expect(card.Locator(".import-hint")).ToContainTextAsync(fixture.ImportRoot);
        await card.Locator("input[type=text]").FillAsync("/etc");
        await card.Locator("form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#error")).ToContainTextAsync($"only from folders under {fixture.ImportRoot}");

        await card.Locator("input[type=text]").FillAsync(folder.FullName);
        await card.Locator("form button[type=submit]").ClickAsync();
        await Expect(card.Locator(".count")).ToHaveTextAsync("2 photos");
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
        web.AssertNoConsoleErrors(refusedRequests: true);
    }
}
