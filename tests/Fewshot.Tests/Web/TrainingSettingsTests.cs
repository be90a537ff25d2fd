using Fewshot.Models;
using Fewshot.Web.Training;

namespace Fewshot.Tests.Web;

public sealed class TrainingSettingsTests
{
    /// <summary>A body whose own size no default of the page or the recipe could match by chance.</summary>
    static readonly BackboneInfo OddSizedBody = BackboneRegistry.Get("resnet34") with { DefaultSize = 160 };

    [Fact]
    public void WithoutASize_TheBodysOwnIsUsed_AndTheBodyIsNamed()
    {
        var settings = new TrainingSettings().For(OddSizedBody);
        Assert.Equal(160, settings.Size);
        Assert.Equal("resnet34", settings.Backbone);
        Assert.Equal(64, new TrainingSettings { Size = 64 }.For(OddSizedBody).Size);
    }

    [Fact]
    public void ASizeOutOfRange_IsRefused_NamingTheBodysOwn()
    {
        var error = Assert.Throws<FewshotException>(() => new TrainingSettings { Size = 8 }.For(OddSizedBody));
        Assert.Contains("Image size 8 is out of range", error.Message);
        Assert.Contains("160 is resnet34's own", error.Message);
    }
}
