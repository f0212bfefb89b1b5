using System.Text.Json;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Core.Probing;

/// <summary>A cluster as assembled from the latest result of each of its probe units; what rules evaluate.</summary>
public abstract record ClusterObservation(ClusterRef Cluster, DateTimeOffset At)
{
    public abstract ClusterReport ToReport();

    /// <summary>Members under a restart permit at this evaluation (set by the runtime before the rules run).</summary>
    public IReadOnlyList<PlannedRestart> PlannedRestarts { get; init; } = [];

    /// <summary>
    /// Failures and restarts of members without a permit within <c>correlation.commonCauseWindow</c> of this evaluation,
    /// since the cluster last lost a majority of its members (set by the runtime before the rules run).
    /// </summary>
    public IReadOnlyList<MemberChange> UnplannedChanges { get; init; } = [];

    /// <summary>The member's planned restart, or null when it is under no permit.</summary>
    public PlannedRestart? PlannedFor(string member)
    {
        foreach (var p in PlannedRestarts)
        {
            if (string.Equals(p.Member, member, StringComparison.Ordinal))
            {
                return p;
            }
        }

        return null;
    }

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
