using Fewshot.Imaging;
using Fewshot.Tests.Reliability;

namespace Fewshot.Tests.Imaging;

public class DamagedPhotoTests
{
    public static TheoryData<string> Names() => new(DamagedPhotos.All().Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void A_damaged_photo_is_refused_saying_why_unless_kept_partial(string name)
    {
        var damaged = DamagedPhotos.All().Single(d => d.Name == name);

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(damaged.Data, name));

        Assert.True(error.Damaged, error.Message);
        Assert.Contains(name, error.Message);
        Assert.Contains(damaged.Reason, error.Message);
        Assert.Contains("--keep-partial", error.Message);
        var partial = ImageLoader.Load(damaged.Data, name, minSide: 100, options: new DecodeOptions(KeepPartial: true));
        Assert.True(partial.Width > 0 && partial.Height > 0);
    }

    [Fact]
    public void The_intact_originals_decode()
    {
        foreach (var (name, data) in DamagedPhotos.Intact())
            Assert.True(ImageLoader.Load(data, name).Width > 0, name);
    }
}
