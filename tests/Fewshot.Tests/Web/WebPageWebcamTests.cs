using System.Text.Json;
using Microsoft.Playwright;

namespace Fewshot.Tests.Web;

/// <summary>The webcam in Chromium, served by its fake camera: recording training photos, and the live preview.</summary>
[Collection(WebPageCollection.Name)]
public sealed class WebPageWebcamTests(WebPageFixture fixture)
{
    static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [Fact]
    public async Task HoldingRecord_AddsABurstOfFrames_AndTheDataCheckSaysBurstsStayTogether()
    {
        await using var web = await fixture.OpenAsync();
        var page = web.Page;
        var (id, card, record) = await OpenRecorderAsync(web, "Webcam");
        foreach (var burst in new[] { 1, 2 })
        {
            await record.HoverAsync();
            await page.Mouse.DownAsync();
            await Expect(card.Locator(".record-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^([5-9]|\d\d+) frames recorded"), new() { Timeout = 20_000 });
            if (burst == 1) await web.Shot("11-webcam-recording");
            await page.Mouse.UpAsync();
            await Expect(card.Locator(".record-count")).ToContainTextAsync("added", new() { Timeout = 30_000 });
        }

        var images = await RecordedAsync(page, id);
        Assert.True(images.Count >= 6, $"{images.Count} frames stored"); // frames identical to one already there are stored once
        var bursts = images.Select(i => i.GetProperty("burst").GetString()).Distinct().ToList();
        Assert.Equal(2, bursts.Count);
        Assert.DoesNotContain(null, bursts);
        await Expect(page.Locator("#warnings")).ToContainTextAsync("2 webcam bursts");
        await Expect(page.Locator("#warnings")).ToContainTextAsync("whole in training or in validation");
        await web.Shot("11-webcam-recorded");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AFrameStillBeingTaken_WhenAHoldEnds_IsNotAddedToTheNextHold()
    {
        await using var web = await fixture.OpenAsync();
        var page = web.Page;
        var (id, card, record) = await OpenRecorderAsync(web, "Webcam holds");
        await SlowFrames(page, milliseconds: 1000);

        await record.HoverAsync();
        await page.Mouse.DownAsync();
        await page.WaitForFunctionAsync("() => window.framesTaking > 0");
        await page.Mouse.UpAsync();
        await page.Mouse.DownAsync(); // a new hold at once, while the first hold's frames are still being taken
        await Expect(card.Locator(".record-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^([5-9]|\d\d+) frames recorded"), new() { Timeout = 30_000 });
        await page.Mouse.UpAsync();
        await Expect(card.Locator(".record-count")).ToContainTextAsync("added", new() { Timeout = 30_000 });

        var images = await RecordedAsync(page, id);
        // A frame's name carries the hold it was taken in (webcam-HOLDID-NNN.jpg): one hold's frames only, in one burst.
        var holdsPerBurst = images.GroupBy(i => i.GetProperty("burst").GetString())
            .Select(b => b.Select(i => i.GetProperty("name").GetString()![..15]).Distinct().Count());
        Assert.All(holdsPerBurst, holds => Assert.Equal(1, holds));
        web.AssertNoConsoleErrors();
    }

    /// <summary>A new project with the classes "me" and "background", and the recorder open on "me".</summary>
    static async Task<(string Id, ILocator Card, ILocator Record)> OpenRecorderAsync(WebPage web, string project)
    {
        var id = await web.CreateProjectAsync(project);
        await web.AddClassAsync("me");
        await web.AddClassAsync("background");
        var card = web.ClassCard("me");
        await card.Locator(".webcam-open").ClickAsync();
        var record = card.Locator(".record");
        await Expect(record).ToBeEnabledAsync();
        return (id, card, record);
    }

    /// <summary>The photos stored in the class "me", as the API lists them (hash, name, burst).</summary>
    async Task<List<JsonElement>> RecordedAsync(IPage page, string id)
    {
        var project = await page.APIRequest.GetAsync($"{fixture.Server.BaseAddress}api/projects/{id}");
        var json = JsonDocument.Parse(await project.TextAsync()).RootElement;
        return json.GetProperty("classes")[0].GetProperty("images").EnumerateArray().ToList();
    }

    /// <summary>Makes every frame's JPEG take this long, counting the frames being taken in window.framesTaking.</summary>
    static Task SlowFrames(IPage page, int milliseconds) => page.EvaluateAsync("""
        (milliseconds) => {
          const toBlob = HTMLCanvasElement.prototype.toBlob;
          window.framesTaking = 0;
          HTMLCanvasElement.prototype.toBlob = function (callback, ...rest) {
            window.framesTaking++;
            toBlob.call(this, (blob) => setTimeout(() => { window.framesTaking--; callback(blob); }, milliseconds), ...rest);
          };
        }
        """, milliseconds);

    [Fact]
    public async Task LivePreview_ClassifiesTheWebcamContinuously_WithOneFrameAtATime()
    {
        var bears = await fixture.Bears;
        await using var web = await fixture.OpenAsync(bears.Id);
        var page = web.Page;
        // Counts the page's requests to /predict and how many were ever waiting at once.
        await page.EvaluateAsync("""
            () => {
              window.predicts = { sent: 0, answered: 0, waiting: 0, mostWaiting: 0 };
              const fetch = window.fetch;
              window.fetch = async (url, init) => {
                if (!String(url).endsWith('/predict')) return fetch(url, init);
                const p = window.predicts;
                p.sent++; p.waiting++; p.mostWaiting = Math.max(p.mostWaiting, p.waiting);
                try { return await fetch(url, init); } finally { p.waiting--; p.answered++; }
              };
            }
            """);

        await page.ClickAsync("#webcam-button");
        await page.ClickAsync("#live-button");
        await page.WaitForFunctionAsync("() => window.predicts.answered >= 5", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#prediction-bars li")).ToHaveCountAsync(bears.Classes.Count);
        await Expect(page.Locator("#live-rate")).ToContainTextAsync("answers per second");
        await page.Locator("#test").ScrollIntoViewIfNeededAsync();
        await web.Shot("12-live-preview");
        // Stop while a frame is being taken (its JPEG made slow on purpose): that frame must not be sent after all.
        await SlowFrames(page, milliseconds: 2000);
        await page.WaitForFunctionAsync("() => window.framesTaking > 0");
        await page.ClickAsync("#live-button");
        var sentAtStop = (await page.EvaluateAsync<JsonElement>("() => window.predicts")).GetProperty("sent").GetInt32();
        await Expect(page.Locator("#live-button")).ToHaveTextAsync("Start live preview");

        await page.WaitForFunctionAsync("() => window.predicts.waiting === 0 && window.framesTaking === 0");
        await Task.Delay(1000);
        var counts = await page.EvaluateAsync<JsonElement>("() => window.predicts");
        Assert.Equal(1, counts.GetProperty("mostWaiting").GetInt32());
        Assert.Equal(sentAtStop, counts.GetProperty("sent").GetInt32());
        web.AssertNoConsoleErrors();
    }
}
