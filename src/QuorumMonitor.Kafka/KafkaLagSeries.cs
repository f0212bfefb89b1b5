using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Model.Lag;

namespace QuorumMonitor.Kafka;

/// <summary>
/// Which group/topic pairs of one lag report become series, within <c>lag.maxGroups</c> and
/// <c>lag.maxTopicsPerGroup</c>: configured groups first, then groups that are not ok, then by name (so the set
/// changes only when a status does, not with every lag figure); within a group, topics not ok first, then by name.
/// The bound cuts series only: every group is still judged and alerted on.
/// </summary>
internal static class KafkaLagSeries
{
    public static (List<(KafkaGroupLag Group, KafkaTopicLag Topic)> Exported, List<(string Group, string Topic)> Cut) Select(
        IReadOnlyList<KafkaGroupLag> groups, KafkaLagConfig lag)
    {
        var exported = new List<(KafkaGroupLag, KafkaTopicLag)>();
        var cut = new List<(string, string)>();
        var ordered = groups
            .OrderBy(g => g.Discovered)
            .ThenBy(g => g.Status == ConsumerStatus.Ok)
            .ThenBy(g => g.Group, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var g = ordered[i];
            var topics = g.Topics
                .OrderBy(t => t.Status == ConsumerStatus.Ok)
                .ThenBy(t => t.Topic, StringComparer.Ordinal)
                .ToList();
            for (var j = 0; j < topics.Count; j++)
            {
                if (i < lag.MaxGroups && j < lag.MaxTopicsPerGroup)
                {
                    exported.Add((g, topics[j]));
                }
                else
                {
                    cut.Add((g.Group, topics[j].Topic));
                }
            }
        }

        return (exported, cut);
    }
}
