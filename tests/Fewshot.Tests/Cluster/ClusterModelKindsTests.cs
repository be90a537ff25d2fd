using Fewshot.Tests.People;
using Fewshot.Tests.Reliability;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Cluster;

/// <summary>The other models `predict` takes, scored on the cluster: .onnx exports, and people models naming every face.</summary>
[Collection("cluster")]
public sealed class ClusterModelKindsTests(ClusterFixture cluster, TrainedPeopleFixture people)
{
    [Fact]
    public void An_onnx_model_gives_the_rows_of_a_local_run()
    {
        var photos = Path.Combine(cluster.Archive, "copy0");
        var csv = Path.Combine(cluster.Folder, "onnx.csv");

        var (code, output) = Reliability.Cli.Run("predict", cluster.Model.OnnxPath, photos, "--cluster", cluster.Url, "--out", csv, "--chunk", "20");

        Assert.True(code == 0, output);
        ResultRows.AssertSame(cluster.LocalResults(cluster.Model.OnnxPath, photos), csv);
    }

    [Fact]
    public void A_people_model_names_every_face_in_the_rows_of_a_local_run_and_a_rerun_adds_only_the_missing_faces()
    {
        var (model, folder) = PeopleModelAndPhotos();
        var json = Path.Combine(cluster.Folder, "people.json");
        string[] args = ["predict", model, folder, "--all-faces", "--cluster", cluster.Url, "--out", json, "--chunk", "2"];

        var (code, output) = Reliability.Cli.Run(args);

        Assert.True(code == 0, output);
        var rows = File.ReadAllLines(json);
        Assert.True(rows.Count(row => row.Contains("Image_17.jpg")) >= 5, string.Join('\n', rows));
        ResultRows.AssertSame(cluster.LocalResults(model, folder, ".json", "--all-faces"), json);

        // Interrupted while writing the team photo's faces: a rerun writes the faces and photos missing, each once.
        File.WriteAllLines(json, rows[..(Array.FindLastIndex(rows, row => row.Contains("Image_17.jpg")) - 2)]);
        (code, output) = Reliability.Cli.Run(args);
        Assert.True(code == 0, output);
        ResultRows.AssertSame(cluster.LocalResults(model, folder, ".json", "--all-faces"), json);
    }

    /// <summary>The people model exported, and photos for it: a team photo, a scene, three face crops and an unreadable file.</summary>
    (string Model, string Folder) PeopleModelAndPhotos()
    {
        var scenes = SharedData.Dataset("footballer_scenes");
        var folder = Path.Combine(cluster.Folder, "people-photos");
        var model = Path.Combine(cluster.Folder, "people.fewshot");
        if (File.Exists(model)) return (model, folder);
        Directory.CreateDirectory(folder);
        foreach (var photo in new[] { "train/mbappe/Image_17.jpg", "valid/mbappe/Image_100.jpg" })
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(photo)), Path.Combine(scenes, photo));
        foreach (var face in people.Split.Valid.Take(3))
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(face.Path)), face.Path);
        File.WriteAllText(Path.Combine(folder, "broken.png"), "not a photo");
        people.Learner.Export(model);
        return (model, folder);
    }
}
