using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>Warning per answering replica whose IO or SQL thread is not running, or that replicates from nothing.</summary>
public sealed class MySqlReplicationBrokenRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlReplicationBroken";

    public override string Name => AlertName;

    protected override bool PassedThroughByRestart => true;

    protected override Severity SeverityFor(MySqlInstanceResult instance) => Severity.Warning;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult i) =>
        i.Role == MySqlRole.Replica && i.IsAnswering && i.ReplicationChecked && i.Replication is not { Running: true }
        && !cluster.ReconnectingToPlannedPrimary(i);

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i)
    {
        if (i.Replication is not { } r)
        {
            return $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is not replicating (no replica status); {Standbys(c)}";
        }

        var errors = new[]
        {
            r.LastIoErrno != 0 ? $"last IO error {r.LastIoErrno}: {r.LastIoError}" : null,
            r.LastSqlErrno != 0 ? $"last SQL error {r.LastSqlErrno}: {r.LastSqlError}" : null,
        }.OfType<string>().ToList();
        return $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name}: replication broken (IO thread {r.IoRunning}, SQL thread {r.SqlRunning})"
            + (errors.Count > 0 ? "; " + string.Join("; ", errors) : "")
            + $"; {Standbys(c)}";
    }
}
