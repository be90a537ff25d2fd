using System.Security.Cryptography;
using Fewshot.Tests.Reliability;

namespace Fewshot.Tests.Cluster;

/// <summary>`predict --cluster` against real worker processes and a real redis-server, compared with local `predict --out`.</summary>
[Collection("cluster")]
public sealed class ClusterScoringTests(ClusterFixture cluster)
{
    string Model => cluster.Model.ModelPath;
    string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Model)))[..16];
    string Out(string name) => Path.Combine(cluster.Folder, name);
    string Local => cluster.LocalResults(Model, cluster.Archive);

    [Fact]
    public void Every_photo_gets_exactly_the_row_a_local_run_writes_and_each_worker_loads_the_model_once()
    {
        var csv = Out("all.csv");

        var (code, output) = Reliability.Cli.Run("predict", Model, cluster.Archive, "--cluster", cluster.Url, "--out", csv, "--chunk", "32");

        Assert.True(code == 0, output);
        ResultRows.AssertSame(Local, csv);
        Assert.Contains("Scored 613 photos", output);
        Assert.Contains(File.ReadAllLines(csv), row => row.StartsWith(Path.Combine(cluster.Archive, "broken.jpg") + ",,,") && row.Contains("broken.jpg'"));
        Assert.DoesNotContain(cluster.Url.Split(':', '@')[2], output); // the password
        foreach (var worker in cluster.Workers)
        {
            Assert.Contains(worker.Lines, line => line.Contains(" scored "));
            Assert.Single(worker.Lines, line => line.Contains($"loaded model {Fingerprint}"));
        }
    }

    [Fact]
    public void A_worker_killed_mid_chunk_loses_nothing_its_chunks_are_scored_elsewhere()
    {
        var doomed = cluster.StartWorker();
        var csv = Out("killed.csv");
        using var client = CliProcess.Start("predict", Model, cluster.Archive, "--cluster", cluster.Url, "--out", csv, "--chunk", "16");

        doomed.WaitFor(line => line.Contains(" scoring "), "starts a chunk");
        doomed.KillHard();
        var (code, _) = client.WaitForExit();

        Assert.True(code == 0, client.Output);
        Assert.DoesNotContain(doomed.Lines, line => line.Contains(" scored "));
        Assert.Matches("[1-9][0-9]* chunks? handed to another worker", client.Output);
        ResultRows.AssertSame(Local, csv);
    }

    [Fact]
    public void After_ctrl_c_of_the_client_a_rerun_scores_only_what_is_missing_without_duplicates()
    {
        var csv = Out("interrupted.csv");
        string[] args = ["predict", Model, cluster.Archive, "--cluster", cluster.Url, "--out", csv, "--chunk", "16"];
        using (var client = CliProcess.Start(args))
        {
            WaitForRows(csv, 16, client);
            client.Signal(SignalledRun.SigInt);
            var (code, _) = client.WaitForExit();
            Assert.True(code == 130, client.Output);
        }
        var partial = File.ReadAllLines(csv).Length - 1;
        Assert.InRange(partial, 16, cluster.PhotoCount - 1);

        var (rerun, output) = Reliability.Cli.Run(args);

        Assert.True(rerun == 0, output);
        Assert.Contains($"Resuming: {partial} photos already in", output);
        Assert.Contains($"Scored {cluster.PhotoCount - partial} photos", output);
        ResultRows.AssertSame(Local, csv);
    }

    static void WaitForRows(string csv, int rows, CliProcess client)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(File.Exists(csv) && File.ReadAllLines(csv).Length > rows))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) Assert.Fail($"no {rows} rows in {csv}:\n{client.Output}");
            Thread.Sleep(20);
        }
    }
}
