using System.Text.Json;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Core.Probing;

/// <summary>A cluster as assembled from the latest result of each of its probe units; what rules evaluate.</summary>
public abstract record ClusterObservation(ClusterRef Cluster, DateTimeOffset At)
{
    public abstract ClusterReport ToReport();

    /// <summary>Member states for common-cause detection; kinds override it to avoid building a whole report.</summary>
    public virtual IEnumerable<MemberStatus> MemberStatuses() =>
        ToReport().Members.Select(m => new MemberStatus(m.Address, m.State, Uptime(m)));

    private static double? Uptime(MemberReport m) =>
        m.Details.TryGetValue("uptimeSeconds", out var v) ? v switch
        {
            double d => d,
            int n => n,
            long l => l,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            _ => null,
        } : null;
}
