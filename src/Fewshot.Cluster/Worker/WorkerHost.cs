using System.Net;
using System.Net.Sockets;
using Fewshot.Cluster.Addressing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Fewshot.Cluster.Worker;

/// <summary>
/// A running worker: an Orleans silo in the cluster whose membership Redis keeps, hosting the scoring grain and the models
/// it has loaded. Ports left at 0 are chosen free, so that several workers can run on one machine.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    readonly IHost _host;

    WorkerHost(IHost host, WorkerOptions settings)
    {
        _host = host;
        Settings = settings;
    }

    /// <summary>The settings it runs with, its name and ports filled in.</summary>
    public WorkerOptions Settings { get; }

    /// <summary>Workers active in the cluster, as this one sees them.</summary>
    public int ActiveWorkers => _host.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
        .Count(member => member.Status == SiloStatus.Active);

    public static async Task<WorkerHost> StartAsync(ClusterAddress cluster, WorkerOptions settings, WorkerLog log, CancellationToken cancel)
    {
        await cluster.CheckReachableAsync(cancel);
        Runtime.NativeRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(settings.Threads);
        for (var attempt = 1; ; attempt++)
        {
            var siloPort = settings.SiloPort > 0 ? settings.SiloPort : FreePort(settings.Listen);
            var gatewayPort = settings.GatewayPort > 0 ? settings.GatewayPort : FreePort(settings.Listen);
            var named = settings with
            {
                SiloPort = siloPort, GatewayPort = gatewayPort,
                Name = settings.Name.Length > 0 ? settings.Name : $"{Dns.GetHostName()}:{siloPort}",
            };
            var host = Build(cluster, named, log);
            try
            {
                await host.StartAsync(cancel);
                return new WorkerHost(host, named);
            }
            catch (Exception e) when (IsAddressInUse(e))
            {
                host.Dispose();
                // A free port can be taken between choosing it and listening on it: choose again.
                if (attempt < 3 && (settings.SiloPort == 0 || settings.GatewayPort == 0)) continue;
                throw new FewshotException($"Cannot listen on {settings.Listen} port {siloPort} or {gatewayPort}: another program uses it. " +
                                           "Choose other ports, or leave them out to have free ones chosen.", e);
            }
            catch (Exception e) when (e is not (OperationCanceledException or FewshotException))
            {
                host.Dispose();
                throw new FewshotException($"Cannot join the cluster at {cluster}: {ErrorText.FirstLine(e)}.", e);
            }
        }
    }

    static IHost Build(ClusterAddress cluster, WorkerOptions settings, WorkerLog log)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = ClusterIdentity.Configuration();
        // Orleans' own log: only what stops the worker by default (a killed peer alone makes it log errors for a while).
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        StoppedByTheCommand.Use(builder.Services);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton<ModelCache>();
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(redis => redis.ConfigurationOptions = cluster.Redis());
            silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (ClusterIdentity.ClusterId, ClusterIdentity.ServiceId));
            silo.Configure<SiloOptions>(options => options.SiloName = settings.Name);
            silo.Configure<EndpointOptions>(options =>
            {
                options.AdvertisedIPAddress = settings.Listen;
                options.SiloPort = settings.SiloPort;
                options.GatewayPort = settings.GatewayPort;
                options.SiloListeningEndpoint = new IPEndPoint(settings.Listen, settings.SiloPort);
                options.GatewayListeningEndpoint = new IPEndPoint(settings.Listen, settings.GatewayPort);
            });
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
            silo.AddPlacementDirector<OnNamedWorker, OnNamedWorkerDirector>();
        });
        return builder.Build();
    }

    static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.GetType().Name == "AddressInUseException") return true;
        return false;
    }

    /// <summary>
    /// Leaves the cluster: gracefully when that takes less than <see cref="WorkerOptions.StopTimeout"/> (the others learn at
    /// once), else at once (they notice when it stops answering their probes).
    /// </summary>
    public async Task StopAsync()
    {
        using var deadline = new CancellationTokenSource(Settings.StopTimeout);
        try { await _host.StopAsync(deadline.Token).WaitAsync(Settings.StopTimeout + TimeSpan.FromSeconds(1)); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }
}
