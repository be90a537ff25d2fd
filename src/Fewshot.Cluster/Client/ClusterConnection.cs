using Fewshot.Cluster.Addressing;
using Fewshot.Cluster.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Fewshot.Cluster.Client;

/// <summary>A client connected to the cluster through one of its workers (found in Redis), as `predict --cluster` uses it.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(3);
    readonly IHost _host;

    ClusterConnection(IHost host, ClusterAddress address, ClusterClientOptions options)
    {
        _host = host;
        Address = address;
        Options = options;
    }

    public ClusterAddress Address { get; }
    public ClusterClientOptions Options { get; }
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterConnection> ConnectAsync(ClusterAddress address, CancellationToken cancel)
    {
        await address.CheckReachableAsync(cancel);
        var configuration = ClusterIdentity.Configuration();
        var options = configuration.GetSection("Cluster").Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.None);
        StoppedByTheCommand.Use(builder.Services);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(redis => redis.ConfigurationOptions = address.Redis());
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterIdentity.ClusterId, ClusterIdentity.ServiceId));
            // A cancelled chunk returns at once: the client does not wait for the worker to acknowledge.
            client.Configure<ClientMessagingOptions>(o => o.WaitForCancellationAcknowledgement = false);
            client.Services.Configure<GatewayOptions>(configuration.GetSection("Orleans:Gateway"));
            // Orleans retries a failed connection for 3 minutes; a client with no worker to reach says so at once.
            client.Services.AddSingleton<IClientConnectionRetryFilter, NoRetry>();
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            var start = $"Start one with `fewshot worker --cluster {address}`, on a machine that reaches the photos and the model.";
            throw new FewshotException(e is SiloUnavailableException
                ? $"No worker has joined the cluster at {address}. {start}"
                : $"No worker of the cluster at {address} answers ({ErrorText.FirstLine(e)}): those it lists may have stopped. {start}", e);
        }
        return new ClusterConnection(host, address, options);
    }

    /// <summary>The workers active now, as the silo the client reaches sees them; null when none answered in time.</summary>
    public async Task<WorkerInfo[]?> ActiveWorkersAsync(CancellationToken cancel)
    {
        try
        {
            // Each call goes to a stateless grain with a new key, so successive calls may reach different workers.
            return await Client.GetGrain<IClusterViewGrain>(Random.Shared.NextInt64()).ActiveWorkers().WaitAsync(PollTimeout, cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return null;
        }
    }

    sealed class NoRetry : IClientConnectionRetryFilter
    {
        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    public async ValueTask DisposeAsync()
    {
        try { await _host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token).WaitAsync(TimeSpan.FromSeconds(3)); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        _host.Dispose();
    }
}
