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
        var id = await web.CreateProjectAsync("Webcam");
        await web.AddClassAsync("me");
        await web.AddClassAsync("background");
        var card = web.ClassCard("me");

        await card.Locator(".webcam-open").ClickAsync();
        var record = card.Locator(".record");
        await Expect(record).ToBeEnabledAsync();
        foreach (var burst in new[] { 1, 2 })
        {
            await record.HoverAsync();
            await page.Mouse.DownAsync();
            await Expect(card.Locator(".record-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^([5-9]|\d\d+) frames recorded"), new() { Timeout = 20_000 });
            if (burst == 1) await web.Shot("11-webcam-recording");
            await page.Mouse.UpAsync();
            await Expect(card.Locator(".record-count")).ToContainTextAsync("added", new() { Timeout = 30_000 });
        }

        var project = await page.APIRequest.GetAsync($"{fixture.Server.BaseAddress}api/projects/{id}");
        var json = JsonDocument.Parse(await project.TextAsync()).RootElement;
        var images = json.GetProperty("classes")[0].GetProperty("images").EnumerateArray().ToList();
        Assert.True(images.Count >= 6, $"{images.Count} frames stored"); // frames identical to one already there are stored once
        var bursts = images.Select(i => i.GetProperty("burst").GetString()).Distinct().ToList();
        Assert.Equal(2, bursts.Count);
        Assert.DoesNotContain(null, bursts);
        await Expect(page.Locator("#warnings")).ToContainTextAsync("2 webcam bursts");
        await Expect(page.Locator("#warnings")).ToContainTextAsync("whole in training or in validation");
        await web.Shot("11-webcam-recorded");
        web.AssertNoConsoleErrors();
    }
}
