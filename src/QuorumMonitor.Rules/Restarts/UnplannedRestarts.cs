using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Rules.Restarts;

/// <summary>
/// What every kind's <c>RestartWithoutPermit</c> and <c>OverlappingRestarts</c> rules read from a cluster's
/// unplanned member changes (<see cref="QuorumMonitor.Core.Probing.ClusterObservation.UnplannedChanges"/>): the same
/// judgement for ZooKeeper members, Kafka brokers and MySQL instances; only the words and what "the cluster held"
/// means differ per kind.
/// </summary>
public static class UnplannedRestarts
{
    public const string WithoutPermitAlert = "RestartWithoutPermit";

    public const string OverlappingAlert = "OverlappingRestarts";

    /// <summary>The latest change of each member made while another member was under a permit, newest first.</summary>
    public static IEnumerable<MemberChange> DuringOthersPermits(IReadOnlyList<MemberChange> changes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            var c = changes[i];
            if (c.DuringPermit is not null && seen.Add(c.Member))
            {
                yield return c;
            }
        }
    }

    /// <summary>Two or more distinct members changed without permits in the window: who, over how long, and how.</summary>
    public static RestartOverlap? Overlap(IReadOnlyList<MemberChange> changes)
    {
        if (changes.Count < 2)
        {
            return null;
        }

        var members = changes.Select(c => c.Member).Distinct(StringComparer.Ordinal).ToList();
        return members.Count < 2
            ? null
            : new RestartOverlap(members, (changes[^1].At - changes[0].At).TotalSeconds, changes.All(c => c.Restart) ? "restarted" : "failed or restarted");
    }
}
