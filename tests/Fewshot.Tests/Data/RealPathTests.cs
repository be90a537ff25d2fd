namespace Fewshot.Tests.Data;

public sealed class RealPathTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-realpath-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("/photos", "/photos", true)]
    [InlineData("/photos/cats", "/photos", true)]
    [InlineData("/photos/..cats", "/photos", true)]
    [InlineData("/photos2", "/photos", false)]
    [InlineData("/", "/photos", false)]
    [InlineData("/other/cats", "/photos", false)]
    public void IsUnder_compares_whole_folder_names(string path, string folder, bool under)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Unix paths");
        Assert.Equal(under, RealPath.IsUnder(path, folder));
    }

    [Fact]
    public void Of_follows_links_in_every_component_and_refuses_a_loop()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "symbolic links");
        var photos = _dir.CreateSubdirectory("photos");
        Directory.CreateSymbolicLink(Path.Combine(_dir.FullName, "link"), "photos");
        Directory.CreateSymbolicLink(Path.Combine(_dir.FullName, "chain"), Path.Combine(_dir.FullName, "link"));
        Assert.Equal(Path.Combine(photos.FullName, "cats"), RealPath.Of(Path.Combine(_dir.FullName, "chain", "cats")));

        Directory.CreateSymbolicLink(Path.Combine(_dir.FullName, "loop"), Path.Combine(_dir.FullName, "loop"));
        Assert.Throws<IOException>(() => RealPath.Of(Path.Combine(_dir.FullName, "loop")));
    }
}
