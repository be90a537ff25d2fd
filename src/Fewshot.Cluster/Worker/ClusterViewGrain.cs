using Fewshot.Cluster.Contracts;
using Orleans.Concurrency;

namespace Fewshot.Cluster.Worker;

[StatelessWorker]
sealed class ClusterViewGrain(IClusterMembershipService membership) : Grain, IClusterViewGrain
{
    public Task<WorkerInfo[]> ActiveWorkers() => Task.FromResult(membership.CurrentSnapshot.Members.Values
        .Where(member => member.Status == SiloStatus.Active)
        .Select(member => new WorkerInfo(WorkerKey.Of(member.SiloAddress), member.Name, member.SiloAddress.Endpoint.ToString()))
        .ToArray());
}
