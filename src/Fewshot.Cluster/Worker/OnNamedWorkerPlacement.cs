using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Fewshot.Cluster.Worker;

/// <summary>Places a grain on the silo its key names (<see cref="Contracts.WorkerKey"/>), and nowhere else.</summary>
[GenerateSerializer, Immutable]
public sealed class OnNamedWorker : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class)]
public sealed class OnNamedWorkerAttribute() : PlacementAttribute(new OnNamedWorker());

sealed class OnNamedWorkerDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silo = Contracts.WorkerKey.Silo(target.GrainIdentity.Key.ToString()!);
        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new SiloUnavailableException($"Worker {silo} is not an active member of the cluster.");
    }
}
