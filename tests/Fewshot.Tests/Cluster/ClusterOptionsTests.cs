using Fewshot.Cluster.Addressing;
using Fewshot.Cluster.Contracts;
using Fewshot.Cluster.Worker;
using Fewshot.Tests.Reliability;

namespace Fewshot.Tests.Cluster;

/// <summary>Cluster addresses, refused option combinations and the worker's model check: no processes needed.</summary>
public sealed class ClusterOptionsTests
{
    [Theory]
    [InlineData("redis://10.1.2.3:7000", "10.1.2.3", 7000, null, null, 0, false)]
    [InlineData("redis://cache.example", "cache.example", 6379, null, null, 0, false)]
    [InlineData("redis://:s%40cret@127.0.0.1:6380/2", "127.0.0.1", 6380, null, "s@cret", 2, false)]
    [InlineData("rediss://fewshot:pw@[::1]:6390", "::1", 6390, "fewshot", "pw", 0, true)]
    public void Redis_addresses_are_read_with_password_database_and_tls(string text, string host, int port, string? user, string? password,
        int database, bool tls)
    {
        var address = ClusterAddress.Parse(text);
        Assert.Equal(new ClusterAddress(host, port, user, password, database, tls), address);
        if (password is not null) Assert.DoesNotContain(password, address.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("http://127.0.0.1:6379")]
    [InlineData("redis://127.0.0.1:6379/cache")]
    public void Other_text_is_refused_with_the_form_an_address_takes(string text)
    {
        var (code, output) = Reliability.Cli.Run("worker", "--cluster", text);
        Assert.True(code == 2, output);
        Assert.Contains("redis://", output);
    }

    [Fact]
    public void A_password_in_a_refused_address_is_not_printed()
    {
        var (code, output) = Reliability.Cli.Run("worker", "--cluster", "redis://:hunter2@127.0.0.1:6379/x");
        Assert.True(code == 2, output);
        Assert.DoesNotContain("hunter2", output);
    }

    [Theory]
    [InlineData("--draw", "drawn", "local `predict --draw`")]
    [InlineData("--chunk", "0", "--chunk must be at least 1")]
    public void Predict_on_a_cluster_refuses_what_it_cannot_do(string option, string value, string message)
    {
        var (code, output) = Reliability.Cli.Run("predict", "m.fewshot", "photos", "--cluster", "redis://127.0.0.1:1", "--out", "r.csv", option, value);
        Assert.True(code == 2, output);
        Assert.Contains(message, output);
    }

    [Fact]
    public void Predict_on_a_cluster_needs_a_results_file()
    {
        var (code, output) = Reliability.Cli.Run("predict", "m.fewshot", "photos", "--cluster", "redis://127.0.0.1:1");
        Assert.True(code == 2, output);
        Assert.Contains("add --out results.csv", output);
    }

    [Fact]
    public void A_worker_needs_an_address_it_can_be_reached_at()
    {
        var (code, output) = Reliability.Cli.Run("worker", "--cluster", "redis://127.0.0.1:1", "--listen", "0.0.0.0");
        Assert.True(code == 2, output);
        Assert.Contains("give this machine's address", output);
    }

    [Fact]
    public void A_worker_refuses_a_model_whose_content_is_not_the_clients()
    {
        var dir = Directory.CreateTempSubdirectory("fewshot-model-check-");
        try
        {
            var path = Path.Combine(dir.FullName, "m.onnx");
            File.WriteAllText(path, "the worker's copy");
            using var models = new ModelCache(new WorkerOptions { Name = "w1" }, new WorkerLog(TextWriter.Null));
            var clients = ModelReference.ForFile(path) with { Sha256 = new string('a', 64) };

            var changed = Assert.Throws<FewshotException>(() => models.Get(new ScoringRequest { Model = clients }));
            var missing = Assert.Throws<FewshotException>(() => models.Get(new ScoringRequest { Model = clients with { Path = path + ".gone" } }));

            Assert.Contains($"'{path}' on worker w1 is not the client's file", changed.Message);
            Assert.Contains("aaaaaaaaaaaaaaaa", changed.Message);
            Assert.Contains($"Worker w1 cannot read the model '{path}.gone'", missing.Message);
        }
        finally { dir.Delete(recursive: true); }
    }
}
