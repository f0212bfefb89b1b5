using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>Warning: the declared primary answers with read_only on (a half-done failover, or a restart with the wrong config).</summary>
public sealed class MySqlPrimaryReadOnlyRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlPrimaryReadOnly";

    public override string Name => AlertName;

    protected override Severity SeverityFor(MySqlInstanceResult instance) => Severity.Warning;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) => instance.State == MySqlInstanceState.ReadOnly;

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} has read_only ON: writes to the primary fail";
}
