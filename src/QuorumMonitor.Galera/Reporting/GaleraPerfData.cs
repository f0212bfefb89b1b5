using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Reporting;

namespace QuorumMonitor.Galera.Reporting;

/// <summary>A Galera cluster's Nagios performance data: the weight of its safe voters and its fault tolerance left.</summary>
internal static class GaleraPerfData
{
    public static IEnumerable<NagiosPerfDatum> For(ClusterReport c)
    {
        if (ReportDetails.Number(c.Details, "totalWeight") is not { } total || ReportDetails.Number(c.Details, "quorumWeight") is not { } quorum)
        {
            yield break;
        }

        // GaleraNoFaultTolerance warns when the next failure may lose the Primary component; GaleraQuorumLost pages
        // once no reachable node is in one (safe voters below the quorum weight).
        yield return new NagiosPerfDatum($"{c.Name}_safe_voter_weight", ReportDetails.Number(c.Details, "safeVoterWeight"), "", null,
            NagiosPerfDatum.Number(quorum) + ":", 0, total);
        yield return new NagiosPerfDatum($"{c.Name}_fault_tolerance", ReportDetails.Number(c.Details, "faultToleranceLeft"), "", total >= 2 ? "1:" : null,
            null, 0, total - quorum);
    }
}
