using Microsoft.Extensions.Configuration;

namespace Fewshot.Cluster.Addressing;

/// <summary>What workers and clients agree on besides the Redis address.</summary>
static class ClusterIdentity
{
    // One Redis (database) holds one Fewshot cluster; another cluster uses another database (redis://HOST:PORT/2).
    public const string ClusterId = "fewshot";
    public const string ServiceId = "fewshot";

    /// <summary>
    /// Settings from FEWSHOT_-prefixed environment variables: Orleans' options (FEWSHOT_ORLEANS__MEMBERSHIP__PROBETIMEOUT,
    /// …), the client's (FEWSHOT_CLUSTER__NOWORKERTIMEOUT) and logging (FEWSHOT_LOGGING__LOGLEVEL__ORLEANS=Warning).
    /// </summary>
    public static IConfiguration Configuration() => new ConfigurationBuilder().AddEnvironmentVariables("FEWSHOT_").Build();
}
