using Fewshot.Tests.Deploy;
using Fewshot.Tests.Reliability;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Cluster;

[CollectionDefinition("cluster")]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;

/// <summary>
/// One cluster for the cluster tests: a redis-server of their own, two worker processes, the test run's bears model
/// (<see cref="ExportedModelFixture"/>: .fewshot and .onnx) and an archive of 612 photo paths (symlinks to the shared
/// hymenoptera validation photos, four times over, in folders of their own) plus one unreadable file.
/// </summary>
public sealed class ClusterFixture : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-cluster-");
    readonly RedisServer _redis;
    readonly List<CliProcess> _workers = [];
    readonly Dictionary<string, string> _localResults = [];

    public ClusterFixture(ExportedModelFixture model)
    {
        var photos = Directory.GetFiles(Path.Combine(SharedData.Dataset("hymenoptera"), "val"), "*", SearchOption.AllDirectories).Order().ToList();
        _redis = RedisServer.Start();
        var starting = new[] { CliProcess.StartWorker(Url), CliProcess.StartWorker(Url) };
        _workers.AddRange(starting);
        Archive = Path.Combine(_dir.FullName, "archive");
        for (int copy = 0; copy < 4; copy++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(Archive, $"copy{copy}")).FullName;
            foreach (var photo in photos) File.CreateSymbolicLink(Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(photo)}-{copy}{Path.GetExtension(photo)}"), photo);
        }
        File.WriteAllText(Path.Combine(Archive, "broken.jpg"), "not a photo");
        PhotoCount = photos.Count * 4 + 1;
        Model = model;
        foreach (var worker in starting) worker.WaitUntilJoined();
    }

    /// <summary>The cluster's address, password included.</summary>
    public string Url => _redis.Url;
    public string Folder => _dir.FullName;
    public string Archive { get; }
    public int PhotoCount { get; }
    public ExportedModelFixture Model { get; }
    /// <summary>The workers that run for every test; tests that kill or stop one start their own.</summary>
    internal IReadOnlyList<CliProcess> Workers => _workers[..2];

    /// <summary>A worker of this test's own (by default once it has joined); stopped with the fixture if the test leaves it running.</summary>
    internal CliProcess StartWorker(bool waitUntilJoined = true)
    {
        var worker = CliProcess.StartWorker(Url);
        lock (_workers) _workers.Add(worker);
        if (waitUntilJoined) worker.WaitUntilJoined();
        return worker;
    }

    /// <summary>The results file local `predict MODEL PHOTOS OPTIONS --out FILE.EXTENSION` writes (made once for each).</summary>
    public string LocalResults(string model, string photos, string extension = ".csv", params string[] options)
    {
        var key = string.Join("\u0001", [model, photos, extension, .. options]);
        lock (_localResults)
        {
            if (_localResults.TryGetValue(key, out var file)) return file;
            file = Path.Combine(Folder, $"local-{_localResults.Count}{extension}");
            var (code, output) = Reliability.Cli.Run(["predict", model, photos, .. options, "--out", file]);
            Assert.True(code == 0, output);
            return _localResults[key] = file;
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers) worker.Dispose();
        _redis.Dispose();
        _dir.Delete(recursive: true);
    }
}
