using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Core.Sharding;

/// <summary>A running config's shard as the status API shows it.</summary>
public static class ShardReports
{
    public static ShardReport Of(MonitorConfig config) => new()
    {
        Index = config.Monitor.Shard.Index,
        Count = config.Monitor.Shard.Count,
        Owned = [.. config.Kinds.Values.SelectMany(k => k.Declarations).Select(d => d.Name).Order(StringComparer.Ordinal)],
        NotOwned = config.OtherShardsClusters.Count,
    };
}
