using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fewshot.Cluster;

/// <summary>
/// A host lifetime that registers no signal handler. The command owns the stop signals (SIGINT, SIGTERM, SIGHUP) and
/// stops the host itself; the default console lifetime handled them too, and two handlers of one signal raced: a worker
/// could miss its Ctrl-C and never leave.
/// </summary>
sealed class StoppedByTheCommand : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static void Use(IServiceCollection services) => services.AddSingleton<IHostLifetime, StoppedByTheCommand>();
}
