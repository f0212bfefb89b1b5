using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Reporting;

namespace QuorumMonitor.ZooKeeper.Reporting;

/// <summary>An ensemble's Nagios performance data: serving voters and fault tolerance left.</summary>
internal static class ZooKeeperPerfData
{
    public static IEnumerable<NagiosPerfDatum> For(ClusterReport c)
    {
        if (ReportDetails.Number(c.Details, "voters") is not { } voters || ReportDetails.Number(c.Details, "quorum") is not { } quorum)
        {
            yield break;
        }

        // ZooKeeperNoFaultTolerance warns when serving voters fall to the quorum; ZooKeeperQuorumLost pages below it.
        // A single voter is standalone by design and has no fault tolerance to lose, so it gets no warning line.
        var tolerant = voters >= 2;
        var warnServing = tolerant ? NagiosPerfDatum.Number(quorum + 1) + ":" : null;
        yield return new NagiosPerfDatum($"{c.Name}_serving_voters", ReportDetails.Number(c.Details, "servingVoters"), "", warnServing,
            NagiosPerfDatum.Number(quorum) + ":", 0, voters);
        yield return new NagiosPerfDatum($"{c.Name}_fault_tolerance", ReportDetails.Number(c.Details, "faultToleranceLeft"), "", tolerant ? "1:" : null,
            null, 0, voters - quorum);
    }
}
