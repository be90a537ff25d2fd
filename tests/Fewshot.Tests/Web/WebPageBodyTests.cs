using System.Globalization;
using Fewshot.Models;
using Fewshot.Models.Weights;
using Microsoft.Playwright;

namespace Fewshot.Tests.Web;

/// <summary>The body selector of the training settings, on the shared bears project (trained on the default body).</summary>
[Collection(WebPageCollection.Name)]
public sealed class WebPageBodyTests(WebPageFixture fixture)
{
    static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [Fact]
    public async Task BodySelector_OffersTheInstalledBodies_WithTheDefaultChosen_AndTheSizeFollowsTheBody()
    {
        var bears = await fixture.Bears;
        var torchvision = BackboneRegistry.Get("resnet18_tv");
        using var cache = new TemporaryBodyCache(torchvision.Id);
        await using var web = await fixture.OpenAsync(bears.Id);
        var page = web.Page;
        var selector = page.Locator("#backbone");

        await Expect(selector.Locator("option")).ToHaveCountAsync(2);
        Assert.Equal([BackboneRegistry.DefaultId, torchvision.Id], await selector.Locator("option").EvaluateAllAsync<string[]>("all => all.map(o => o.value)"));
        await Expect(selector).ToHaveValueAsync(BackboneRegistry.DefaultId);
        await Expect(page.Locator("#size")).ToHaveValueAsync(BackboneRegistry.Default.DefaultSize.ToString(CultureInfo.InvariantCulture));
        var top1 = torchvision.Official!.Top1.ToString("F1", CultureInfo.InvariantCulture);
        await Expect(selector.Locator($"option[value={torchvision.Id}]")).ToHaveTextAsync(
            $"{torchvision.Id}: {torchvision.Architecture}, ImageNet top-1 {top1}%, {torchvision.DefaultSize} px");
        // The bears were trained on the default body, and the results say so.
        await Expect(page.Locator("#results-note")).ToContainTextAsync($"body {BackboneRegistry.DefaultId}");

        await page.SelectOptionAsync("#size", "64");
        await page.SelectOptionAsync("#backbone", torchvision.Id);
        await Expect(page.Locator("#size")).ToHaveValueAsync(torchvision.DefaultSize.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#train-form").ScrollIntoViewIfNeededAsync();
        await web.Shot("08-body-selector");

        // Its weights are removed after the page listed it: the server refuses it by name, and the page says what to do.
        File.Delete(BackboneWeightsStore.Default.FilePath(torchvision));
        await page.SelectOptionAsync("#size", "64");
        await page.FillAsync("#epochs", "1");
        await page.FillAsync("#unfreeze-epochs", "0");
        await page.ClickAsync("#train-button");
        await Expect(page.Locator("#error")).ToContainTextAsync($"The {torchvision.Id} body's weights are not installed");
        await Expect(page.Locator("#error")).ToContainTextAsync($"fewshot setup backbone {torchvision.Id}");
        await Expect(page.Locator("#train-button")).ToBeEnabledAsync();
        web.AssertNoConsoleErrors(refusedRequests: true);
    }
}
