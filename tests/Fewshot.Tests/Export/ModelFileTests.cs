using System.IO.Compression;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Export;

public sealed class ModelFileTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-modelfile-");
    public void Dispose() => _dir.Delete(recursive: true);

    static ModelManifest Manifest() => new()
    {
        Backbone = "resnet18",
        Classes = ["a", "b"],
        Input = new InputSpec(64, ResizeMethod.Crop, ChannelOrder.Bgr, [1, 2, 3], [1, 1, 1], 1.25),
        Weights = new WeightsEntry("", "", 0),
    };

    string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void WriteThenRead_RoundTripsManifestAndWeights()
    {
        var path = PathOf("m.fewshot");
        ModelFile.Write(path, Manifest(), [1, 2, 3, 4]);
        var (manifest, weights) = ModelFile.Read(path);
        Assert.Equal([1, 2, 3, 4], weights);
        Assert.Equal(["a", "b"], manifest.Classes);
        Assert.Equal(ModelManifest.ImageFormatVersion, manifest.FormatVersion);
        Assert.Equal(64, manifest.Input.Size);
        Assert.Equal(4, manifest.Weights.Bytes);
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp"));
    }

    [Fact]
    public void A_manifest_written_before_the_decode_slack_was_recorded_decodes_every_photo_to_its_decode_side()
    {
        var path = PathOf("m.fewshot");
        ModelFile.Write(path, Manifest() with { Input = Manifest().Input with { DecodeSlack = ImageLoader.ReducedScaleSlack } }, [1]);
        Assert.Equal(ImageLoader.ReducedScaleSlack, ModelFile.ReadManifest(path).Input.DecodeSlack);

        Assert.True(ZipJsonEntry.Edit(path, "manifest.json", "input.decodeSlack", json: null));

        Assert.Equal(1, ModelFile.ReadManifest(path).Input.DecodeSlack);
    }

    [Fact]
    public void Stale_temporary_files_left_by_a_kill_are_removed_when_the_file_is_written_again()
    {
        var path = PathOf("m.fewshot");
        var stale = PathOf(".m.fewshot.0123abcd.tmp");
        var writing = PathOf(".m.fewshot.89abcdef.tmp");
        var anotherOutputs = PathOf(".other.fewshot.0123abcd.tmp");
        var users = PathOf(".m.fewshot.notes.tmp");
        foreach (var file in new[] { stale, writing, anotherOutputs, users })
        {
            File.WriteAllBytes(file, [1]);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }

        // A writer still at work holds its temporary file open.
        using (new FileStream(writing, FileMode.Open, FileAccess.Write, FileShare.None))
            ModelFile.Write(path, Manifest(), [1, 2, 3]);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(writing));
        Assert.True(File.Exists(anotherOutputs));
        Assert.True(File.Exists(users));
    }

    [Fact]
    public void CorruptedWeights_FailTheChecksum()
    {
        var path = PathOf("m.fewshot");
        ModelFile.Write(path, Manifest(), new byte[1000]);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("weights.bin")!;
            entry.Delete();
            using var stream = zip.CreateEntry("weights.bin").Open();
            stream.Write(Enumerable.Repeat((byte)7, 1000).ToArray());
        }
        var error = Assert.Throws<FewshotException>(() => ModelFile.Read(path));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void TruncatedFile_IsAClearError()
    {
        var path = PathOf("m.fewshot");
        ModelFile.Write(path, Manifest(), new byte[5000]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<FewshotException>(() => ModelFile.Read(path));
        Assert.Contains("not a usable Fewshot model", error.Message);
    }

    [Fact]
    public void NewerFormatVersion_AsksForAnUpdate()
    {
        var path = PathOf("m.fewshot");
        ModelFile.Write(path, Manifest() with { FormatVersion = 99 }, [1]);
        var error = Assert.Throws<FewshotException>(() => ModelFile.Read(path));
        Assert.Contains("version 99", error.Message);
        Assert.Contains("Update Fewshot", error.Message);
    }

    [Fact]
    public void MissingFile_SaysHowToMakeOne() =>
        Assert.Contains("fewshot train", Assert.Throws<FewshotException>(() => ModelFile.Read(PathOf("none.fewshot"))).Message);

    [Fact]
    public void DiskFull_LeavesThePreviousFileIntact()
    {
        var path = PathOf("m.fewshot");
        ModelFile.Write(path, Manifest(), [1, 2, 3]);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<FewshotException>(() => ModelFile.Write(path, Manifest(), new byte[100_000], new FaultyFileSystem { WriteLimit = 1024 }));

        Assert.Contains("disk space", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp"));
    }
}
