using Fewshot.Tests.Reliability;

namespace Fewshot.Tests.Cluster;

/// <summary>Workers coming and going: late joins, every worker lost, stop signals, and clusters that cannot be reached.</summary>
[Collection("cluster")]
public sealed class ClusterMembershipTests(ClusterFixture cluster)
{
    string Model => cluster.Model.ModelPath;
    string Out(string name) => Path.Combine(cluster.Folder, name);

    [Fact]
    public void When_its_only_worker_is_killed_the_job_waits_and_a_worker_that_joins_finishes_it()
    {
        using var redis = RedisServer.Start();
        using var doomed = CliProcess.Worker(redis.Url);
        var csv = Out("rejoined.csv");
        var photos = Path.Combine(cluster.Archive, "copy0");
        using var client = CliProcess.Start("predict", Model, photos, "--cluster", redis.Url, "--out", csv, "--chunk", "8");

        doomed.WaitFor(line => line.Contains(" scoring "), "starts a chunk");
        doomed.KillHard();
        using var late = CliProcess.Worker(redis.Url);
        var (code, _) = client.WaitForExit();

        Assert.True(code == 0, $"{client.Output}\nlate worker:\n{late.Output}");
        Assert.DoesNotContain(doomed.Lines, line => line.Contains(" scored "));
        Assert.Contains(late.Lines, line => line.Contains(" scored "));
        ResultRows.AssertSame(cluster.LocalResults(Model, photos), csv);
    }

    [Fact]
    public void Workers_leave_on_sigint_sigterm_and_sighup_within_seconds_with_the_signals_exit_codes()
    {
        (int Signal, int ExitCode)[] stops = [(SignalledRun.SigInt, 130), (SignalledRun.SigTerm, 143), (SignalledRun.SigHup, 129)];
        var workers = stops.Select(_ => cluster.StartWorker(waitUntilJoined: false)).ToList();
        foreach (var worker in workers) worker.WaitFor(line => line.Contains("joined the cluster"), "joins the cluster");

        foreach (var (worker, stop) in workers.Zip(stops)) worker.Signal(stop.Signal);

        foreach (var (worker, stop) in workers.Zip(stops))
        {
            var (code, stopTime) = worker.WaitForExit();
            Assert.True(code == stop.ExitCode, $"exit code {code} after signal {stop.Signal}:\n{worker.Output}");
            Assert.True(stopTime < TimeSpan.FromSeconds(10), $"stopped {stopTime} after signal {stop.Signal}:\n{worker.Output}");
            Assert.Contains(worker.Lines, line => line.Contains("left the cluster"));
        }
    }

    [Fact]
    public void A_cluster_without_redis_is_named_with_the_fix_and_the_results_file_is_not_touched()
    {
        var csv = Out("no-redis.csv");
        var address = $"redis://127.0.0.1:{RedisServer.FreePort()}";

        var (code, output) = Reliability.Cli.Run("predict", Model, cluster.Archive, "--cluster", address, "--out", csv);

        Assert.True(code == 1, output);
        Assert.Contains($"Cannot reach the cluster's Redis at {address}", output);
        Assert.Contains("Start redis-server there", output);
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void A_wrong_redis_password_is_said_without_printing_it()
    {
        var wrong = cluster.Url.Replace("redis://:", "redis://:not-");

        var (code, output) = Reliability.Cli.Run("predict", Model, cluster.Archive, "--cluster", wrong, "--out", Out("wrong-password.csv"));

        Assert.True(code == 1, output);
        Assert.Contains("refused the password", output);
        Assert.DoesNotContain("not-", output);
    }

    [Fact]
    public void A_cluster_without_workers_says_so_and_how_to_start_one()
    {
        using var redis = RedisServer.Start();
        var csv = Out("no-workers.csv");

        var (code, output) = Reliability.Cli.Run("predict", Model, cluster.Archive, "--cluster", redis.Url, "--out", csv);

        Assert.True(code == 1, output);
        Assert.Contains($"No worker has joined the cluster at redis://:***@127.0.0.1:{redis.Port}", output);
        Assert.Contains("fewshot worker --cluster", output);
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void A_worker_without_redis_stops_with_the_address_and_the_fix()
    {
        var address = $"redis://127.0.0.1:{RedisServer.FreePort()}";

        var (code, output) = Reliability.Cli.Run("worker", "--cluster", address);

        Assert.True(code == 1, output);
        Assert.Contains($"Cannot reach the cluster's Redis at {address}", output);
    }
}
