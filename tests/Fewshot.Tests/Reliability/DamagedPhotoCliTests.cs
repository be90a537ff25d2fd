namespace Fewshot.Tests.Reliability;

public sealed class DamagedPhotoCliTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-damaged-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Damaged_photos_are_named_by_check_train_and_predict_and_used_only_with_keep_partial()
    {
        var root = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 3, validPerClass: 1);
        var black = Path.Combine(root, "train", "black");
        DamagedPhotos.WriteInto(black);
        var damaged = DamagedPhotos.All();
        bool Names(string line, DamagedPhotos.Damaged photo) => line.Contains(photo.Name) && line.Contains(photo.Reason);

        var (checkCode, check) = Cli.Run("check", root, "--no-embeddings");
        Assert.True(checkCode == 0, check);
        Assert.Contains("Damaged photos", check);
        var listed = check[check.IndexOf("Damaged photos", StringComparison.Ordinal)..].Split('\n');
        foreach (var photo in damaged) Assert.True(listed.Any(l => Names(l, photo)), $"check does not list {photo.Name}:\n{check}");

        var model = Path.Combine(_dir.FullName, "m.fewshot");
        var (code, output) = Cli.Run("train", root, "--size", "64", "--bs", "4", "--epochs", "1", "--unfreeze-epochs", "0", "--out", model);
        Assert.True(code == 0, output);
        var warnings = output.Split('\n').Where(l => l.StartsWith("warning:")).ToList();
        foreach (var photo in damaged) Assert.True(warnings.Any(w => Names(w, photo)), $"no warning names {photo.Name}:\n{output}");
        Assert.Contains("9 training and 3 validation photos", output);

        var (predictCode, predictions) = Cli.Run("predict", model, black);
        Assert.True(predictCode == 0, predictions);
        foreach (var photo in damaged)
            Assert.True(predictions.Split('\n').Any(l => Names(l, photo) && l.Contains("error:")), $"no error row for {photo.Name}:\n{predictions}");

        var (keptCode, kept) = Cli.Run("train", root, "--size", "64", "--bs", "4", "--epochs", "1", "--unfreeze-epochs", "0",
            "--keep-partial", "--out", model);
        Assert.True(keptCode == 0, kept);
        Assert.Contains($"{9 + damaged.Count} training and 3 validation photos", kept);
        var (_, keptPredictions) = Cli.Run("predict", model, black, "--keep-partial");
        Assert.DoesNotContain("error:", keptPredictions);
    }
}
