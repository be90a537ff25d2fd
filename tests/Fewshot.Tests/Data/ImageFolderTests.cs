using Fewshot.Data;
using Fewshot.Evaluation.DataCheck;

namespace Fewshot.Tests.Data;

public sealed class ImageFolderTests : IDisposable
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fewshot-folder-");

    public void Dispose() => _root.Delete(recursive: true);

    string Touch(params string[] parts)
    {
        var path = Path.Combine([_root.FullName, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }

    [Fact]
    public void TrainAndValidFolders_AreUsedAsGiven()
    {
        Touch("train", "cats", "a.jpg"); Touch("train", "cats", "b.png"); Touch("train", "dogs", "c.jpeg");
        Touch("valid", "cats", "d.jpg"); Touch("valid", "dogs", "e.webp");

        var split = ImageFolder.Scan(_root.FullName);

        Assert.Equal(["cats", "dogs"], split.Classes);
        Assert.Equal(3, split.Train.Count);
        Assert.Equal(2, split.Valid.Count);
        Assert.Equal(1, split.Valid.Single(i => i.Path.EndsWith("e.webp")).Label);
    }

    [Fact]
    public void ValFolder_IsAcceptedAsValidation()
    {
        Touch("train", "a", "1.jpg"); Touch("train", "b", "2.jpg"); Touch("val", "a", "3.jpg"); Touch("val", "b", "4.jpg");
        Assert.Equal(2, ImageFolder.Scan(_root.FullName).Valid.Count);
    }

    [Fact]
    public void HiddenFilesAndJunk_AreSkipped_UnknownTypesWarned()
    {
        Touch("a", ".DS_Store"); Touch("a", "Thumbs.db"); Touch("a", "notes.txt"); Touch("a", "1.jpg"); Touch("b", "2.jpg");
        var split = ImageFolder.Scan(_root.FullName, validPct: 0);
        Assert.Equal(2, split.Train.Count);
        Assert.Contains(split.Warnings, w => w.Contains("notes.txt"));
        Assert.DoesNotContain(split.Warnings, w => w.Contains("DS_Store") || w.Contains("Thumbs"));
    }

    [Fact]
    public void OneClass_IsADatasetLevelErrorThatSaysWhatToDo()
    {
        Touch("only", "1.jpg");
        var error = Assert.Throws<FewshotException>(() => ImageFolder.Scan(_root.FullName));
        Assert.Contains("at least two", error.Message);
    }

    [Fact]
    public void MissingFolder_SaysSo()
    {
        var error = Assert.Throws<FewshotException>(() => ImageFolder.Scan(Path.Combine(_root.FullName, "nope")));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void AFileGivenAsTheDataFolder_IsNamedAsAFile_ByTrainingAndTheCheck()
    {
        var file = Touch("photo.jpg");

        foreach (var error in new[]
                 {
                     Assert.Throws<FewshotException>(() => ImageFolder.Scan(file)),
                     Assert.Throws<FewshotException>(() => DataChecker.Run(file, new DataCheckOptions { UseEmbeddings = false })),
                 })
        {
            Assert.Contains("is a file, not a folder", error.Message);
            Assert.DoesNotContain("does not exist", error.Message);
        }
    }

    [Fact]
    public void OnlyAValidFolder_IsAClearError_NotOneClassFolder()
    {
        Touch("valid", "cats", "1.jpg"); Touch("valid", "dogs", "2.jpg");

        foreach (var error in new[]
                 {
                     Assert.Throws<FewshotException>(() => ImageFolder.Scan(_root.FullName)),
                     Assert.Throws<FewshotException>(() => DataChecker.Run(_root.FullName, new DataCheckOptions { UseEmbeddings = false })),
                 })
        {
            Assert.Contains("valid/ but no train/", error.Message);
            Assert.DoesNotContain("class folder(s)", error.Message);
        }
    }

    const string Composed = "caf\u00e9", Decomposed = "cafe\u0301";

    [Fact]
    public void ClassNames_AreNormalisedToNfc_SoComposedAndDecomposedFoldersAreOneClass()
    {
        foreach (var photo in new[] { Touch("train", Composed, "1.jpg"), Touch("train", "tea", "2.jpg"),
                                      Touch("valid", Decomposed, "3.jpg"), Touch("valid", "tea", "4.jpg") })
            File.Copy(Imaging.TestImages.Fixture("halves64.jpg"), photo, overwrite: true);

        var split = ImageFolder.Scan(_root.FullName);

        Assert.Equal([Composed, "tea"], split.Classes);
        Assert.Equal(0, split.Valid.Single(i => i.Path.EndsWith("3.jpg")).Label);
        Assert.DoesNotContain(split.Warnings, w => w.Contains("caf"));
        Assert.Equal([Composed, "tea"], DataChecker.Run(_root.FullName, new DataCheckOptions { UseEmbeddings = false })
            .Images.Select(i => i.Class).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TwoFoldersWhoseNamesCollapseIntoOneClass_AreRefusedNamingBoth()
    {
        Touch(Composed, "1.jpg"); Touch(Decomposed, "2.jpg"); Touch("tea", "3.jpg");

        var error = Assert.Throws<FewshotException>(() => ImageFolder.Scan(_root.FullName));

        Assert.Contains(Path.Combine(_root.FullName, Composed), error.Message);
        Assert.Contains(Path.Combine(_root.FullName, Decomposed), error.Message);
        Assert.Contains("Merge", error.Message);
    }

    [Fact]
    public void ClassOnlyInValid_IsWarnedAndIgnored()
    {
        Touch("train", "a", "1.jpg"); Touch("train", "b", "2.jpg"); Touch("valid", "a", "3.jpg"); Touch("valid", "c", "4.jpg");
        var split = ImageFolder.Scan(_root.FullName);
        Assert.Equal(["a", "b"], split.Classes);
        Assert.Contains(split.Warnings, w => w.Contains("'c'") && w.Contains("not in train"));
    }

    [Fact]
    public void RandomSplit_IsStratifiedAndDeterministic()
    {
        for (int i = 0; i < 10; i++) { Touch("x", $"{i}.jpg"); Touch("y", $"{i}.jpg"); }
        var first = ImageFolder.Scan(_root.FullName, validPct: 0.2, seed: 7);
        var again = ImageFolder.Scan(_root.FullName, validPct: 0.2, seed: 7);
        var other = ImageFolder.Scan(_root.FullName, validPct: 0.2, seed: 8);

        Assert.Equal(first.Valid, again.Valid);
        Assert.Equal(first.Train, again.Train);
        Assert.NotEqual(first.Valid, other.Valid);
        Assert.Equal(2, first.Valid.Count(i => i.Label == 0));
        Assert.Equal(2, first.Valid.Count(i => i.Label == 1));
        Assert.Empty(first.Train.Select(i => i.Path).Intersect(first.Valid.Select(i => i.Path)));
    }

    [Fact]
    public void RandomSplit_DoesNotDependOnInputOrder()
    {
        var items = Enumerable.Range(0, 20).Select(i => new LabelledImage($"/d/{i % 2}/{i}.jpg", i % 2)).ToList();
        var (_, valid1) = StratifiedSplit.Split(items, 0.25, 3);
        var (_, valid2) = StratifiedSplit.Split(items.AsEnumerable().Reverse().ToList(), 0.25, 3);
        Assert.Equal(valid1, valid2);
    }

    [Fact]
    public void RandomSplit_KeepsATrainingPhotoPerClass_EvenWhenAlmostAllAreHeldOut()
    {
        var items = Enumerable.Range(0, 6).Select(i => new LabelledImage($"/d/{i % 2}/{i}.jpg", i % 2)).ToList();
        var (train, valid) = StratifiedSplit.Split(items, 0.9, 0);
        Assert.Equal([1, 1], train.GroupBy(i => i.Label).Select(g => g.Count()));
        Assert.Equal(4, valid.Count);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void ValidationShareOutsideZeroToOne_IsRefusedByName(double share)
    {
        var error = Assert.Throws<FewshotException>(() => ImageFolder.Scan(_root.FullName, share));
        Assert.Contains("--valid-pct", error.Message);
    }
}
