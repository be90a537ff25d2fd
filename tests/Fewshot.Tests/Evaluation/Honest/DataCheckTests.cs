using Fewshot.Evaluation;
using Fewshot.Evaluation.DataCheck;
using Fewshot.Imaging;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Evaluation.Honest;

public sealed class DataCheckTests : IDisposable
{
    readonly TempDataset _data = new();

    public void Dispose() => _data.Dispose();

    static string[] Photos(string cls) =>
        Directory.GetFiles(Path.Combine(SharedData.Dataset("bears"), "train", cls)).Order(StringComparer.Ordinal).Take(4).ToArray();

    [Fact]
    public void PerceptualHashKeepsAResizedReencodedCopyCloseAndOtherPhotosFar()
    {
        var photos = Photos("grizzly");
        var copy = _data.ResizedCopy(photos[0], "x", "y", 0.5, "copy.jpg");
        ulong Hash(string path) => PerceptualHash.Compute(ImageLoader.Load(path));
        var original = Hash(photos[0]);
        Assert.True(PerceptualHash.Distance(original, Hash(copy)) <= 4, "a half-size JPEG copy should differ in very few bits");
        foreach (var other in photos.Skip(1))
            Assert.True(PerceptualHash.Distance(original, Hash(other)) > 12, $"{other} should not look like {photos[0]}");
    }

    [Fact]
    public void FlagsTinyImagesCrossSplitDuplicatesAndNearDuplicatesWithTheirSimilarity()
    {
        Torch.Ready();
        var black = Photos("black");
        var grizzly = Photos("grizzly");
        foreach (var p in black.Take(3)) _data.Copy(p, "train", "black");
        foreach (var p in grizzly.Take(3)) _data.Copy(p, "train", "grizzly");
        var exact = _data.Copy(black[0], "valid", "black", "same-bytes.jpg");        // identical file in valid/
        var near = _data.ResizedCopy(grizzly[1], "valid", "grizzly", 0.6, "resized.jpg"); // resized, re-encoded
        _data.Copy(black[3], "valid", "black");
        var tiny = _data.Icon("valid", "grizzly", "icon.png", 16);

        var report = DataChecker.Run(_data.Root, new DataCheckOptions { Size = 96 });

        var tinyFinding = Assert.Single(report.Of(FindingKind.Tiny));
        Assert.Equal([tiny], tinyFinding.Paths);
        Assert.Contains("16×16", tinyFinding.Message);

        var identical = Assert.Single(report.Duplicates, d => d.Identical);
        Assert.True(identical.AcrossSplits);
        Assert.Contains(exact, new[] { identical.A.Path, identical.B.Path });
        Assert.Contains(report.Of(FindingKind.ExactDuplicate), f => f.Paths.Contains(exact) && f.Message.Contains("train and valid"));

        var resized = Assert.Single(report.Duplicates, d => !d.Identical && (d.A.Path == near || d.B.Path == near));
        Assert.Contains(Path.GetFileName(grizzly[1]), new[] { Path.GetFileName(resized.A.Path), Path.GetFileName(resized.B.Path) });
        Assert.True(resized.HashSimilarity > 0.9);
        Assert.True(resized.Cosine > 0.95, $"cosine {resized.Cosine}");
        Assert.Contains(report.Of(FindingKind.NearDuplicate), f => f.Message.Contains("pHash similarity") && f.Message.Contains("embedding cosine"));
        // Distinct photos are not reported: only the two planted pairs.
        Assert.Equal(2, report.Duplicates.Count);
        // The warnings train prints lead with what corrupts the measurement.
        var warnings = DataCheckText.Warnings(report).ToList();
        Assert.StartsWith("Identical files in train and valid", warnings[0]);
        Assert.Contains(warnings, w => w.Contains("icon.png") && w.Contains("16×16"));
    }

    [Fact]
    public void ReportsUnreadableFilesImbalanceAndClassesInOneSplitOnly()
    {
        var black = Photos("black");
        foreach (var p in black) _data.Copy(p, "train", "black");
        _data.Copy(Photos("grizzly")[0], "train", "grizzly");
        _data.Copy(black[0], "valid", "black", "v.jpg");
        File.WriteAllText(Path.Combine(_data.Root, "train", "black", "broken.jpg"), "not a jpeg");

        var report = DataChecker.Run(_data.Root, new DataCheckOptions { UseEmbeddings = false });

        Assert.Contains(report.Of(FindingKind.Unreadable), f => f.Paths[0].EndsWith("broken.jpg", StringComparison.Ordinal));
        Assert.Contains(report.Of(FindingKind.ClassImbalance), f => f.Message.Contains("'black' has 4") && f.Message.Contains("'grizzly' only 1"));
        Assert.Contains(report.Of(FindingKind.OneSplitOnly), f => f.Message.Contains("'grizzly'"));
    }

    [Fact]
    public void ReusingTheTrainingDataDecodedPhotos_FindsTheSameAsDecodingAgain()
    {
        var black = Photos("black");
        foreach (var p in black.Take(3)) _data.Copy(p, "train", "black");
        foreach (var p in Photos("grizzly").Take(3)) _data.Copy(p, "train", "grizzly");
        _data.Copy(black[0], "valid", "black", "same-bytes.jpg");
        _data.Copy(black[3], "valid", "grizzly");
        _data.Icon("valid", "grizzly", "icon.png", 16);
        File.WriteAllText(Path.Combine(_data.Root, "train", "black", "broken.jpg"), "not a jpeg");
        var data = Fewshot.Data.ImageData.FromFolder(_data.Root, new Fewshot.Data.DataOptions { Size = 96 });

        var fresh = DataChecker.Run(_data.Root, new DataCheckOptions { UseEmbeddings = false, Size = 96 });
        var reused = DataChecker.Run(_data.Root, new DataCheckOptions { UseEmbeddings = false, Size = 96, Decoded = data.Store });

        Assert.Equal(fresh.Images, reused.Images);
        Assert.Equal(fresh.Findings.Select(f => (f.Kind, f.Message)), reused.Findings.Select(f => (f.Kind, f.Message)));
        Assert.Contains(reused.Of(FindingKind.Unreadable), f => f.Paths[0].EndsWith("broken.jpg", StringComparison.Ordinal));
        Assert.Single(reused.Of(FindingKind.ExactDuplicate));
        Assert.Single(reused.Of(FindingKind.Tiny));
    }

    [Fact]
    public void A_class_folder_without_readable_photos_and_data_with_one_learnable_class_are_reported()
    {
        foreach (var p in Photos("black").Take(2)) _data.Copy(p, "train", "black");
        Directory.CreateDirectory(Path.Combine(_data.Root, "train", "grizzly"));
        File.WriteAllText(Path.Combine(_data.Root, "train", "grizzly", "broken.jpg"), "not a photo");

        var report = DataChecker.Run(_data.Root, new DataCheckOptions { UseEmbeddings = false });

        var messages = report.Of(FindingKind.NoPhotos).Select(f => f.Message).ToList();
        Assert.Contains(messages, m => m.Contains("'train/grizzly'"));
        Assert.Contains(messages, m => m.Contains("at least two"));
        Assert.DoesNotContain("No problems found", DataCheckText.Format(report));
    }
}
