using System.Text.Json;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// A cluster's own incidents, picked out of <c>/api/v1/status</c> and webhook bodies. On a loaded machine the monitor
/// rightly opens incidents of its own beside them (<c>MonitorOverloaded</c>, root cause of kind <c>monitor</c>), which a
/// test about the cluster must neither take for the cluster's nor count with them.
/// </summary>
internal static class ClusterIncidents
{
    public const string MonitorKind = "monitor";

    /// <summary>An incident (status JSON or a webhook's <c>incident</c>) rooted at the named cluster.</summary>
    public static bool IsOf(JsonElement incident, string cluster)
    {
        var root = incident.GetProperty("rootCause");
        return root.GetProperty("kind").GetString() != MonitorKind && root.GetProperty("cluster").GetString() == cluster;
    }

    /// <summary>A webhook notification about an incident rooted at the named cluster.</summary>
    public static bool IsOf(RecordedRequest request, string cluster) => IsOf(request.Json.GetProperty("incident"), cluster);

    /// <summary>The named cluster in the status JSON's <c>clusters</c>; null while it has not been evaluated.</summary>
    public static JsonElement? Cluster(JsonElement status, string name) =>
        status.GetProperty("clusters").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() != MonitorKind && c.GetProperty("name").GetString() == name)
            .Select(c => (JsonElement?)c)
            .FirstOrDefault();

    /// <summary>The named cluster's own state (<c>ok</c>, <c>degraded</c>, ...); null while it has not been evaluated.</summary>
    public static string? StateOf(JsonElement status, string name) => Cluster(status, name)?.GetProperty("state").GetString();
}
