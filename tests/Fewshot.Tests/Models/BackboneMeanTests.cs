using Fewshot.Imaging;
using Fewshot.Models;

namespace Fewshot.Tests.Models;

public sealed class BackboneMeanTests
{
    [Fact]
    public void ResNet18MeansAreTheMeanImageChannelAverages()
    {
        var meanImage = MeanImage.Load();
        var prep = BackboneRegistry.Get("resnet18").Preprocessing;
        Assert.Equal(ChannelOrder.Bgr, prep.Order);
        Assert.Equal([1f, 1f, 1f], prep.Std);
        var plane = meanImage.Length / 3;
        for (var c = 0; c < 3; c++)
        {
            var average = meanImage.Skip(c * plane).Take(plane).Average(v => (double)v);
            Assert.Equal(average, prep.Mean[c], 1e-4);
        }
    }
}
