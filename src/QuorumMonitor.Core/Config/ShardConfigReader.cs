namespace QuorumMonitor.Core.Config;

/// <summary>Reads <c>monitor.shard: {index: I, count: N}</c>: both required, 1 &lt;= count, 0 &lt;= index &lt; count.</summary>
public static class ShardConfigReader
{
    public static ShardSettings Read(YamlSection? s)
    {
        if (s is null)
        {
            return ShardSettings.Whole;
        }

        var count = s.Int("count", 1, ShardSettings.MaxCount);
        var index = s.Int("index", 0, ShardSettings.MaxCount - 1);
        if (s.Node("count") is null)
        {
            s.Errors.Add(s.FieldPath("count"), s.Line, "is required: how many shards split the clusters");
        }

        if (s.Node("index") is null)
        {
            s.Errors.Add(s.FieldPath("index"), s.Line, "is required: which shard this monitor is, from 0 to count - 1");
        }

        s.RejectUnknownKeys();
        if (count is not { } n || index is not { } i)
        {
            return ShardSettings.Whole;
        }

        if (i >= n)
        {
            s.Errors.Add(s.FieldPath("index"), YamlSection.LineOf(s.Node("index")!), $"'{i}' must be less than {s.FieldPath("count")} ({n}): shards are numbered 0 to {n - 1}");
            return ShardSettings.Whole;
        }

        return new ShardSettings(i, n);
    }
}
