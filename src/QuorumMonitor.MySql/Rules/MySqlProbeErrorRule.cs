using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>Warning: the probe got an answer it cannot use (blocked host, missing privilege, unreadable greeting).</summary>
public sealed class MySqlProbeErrorRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlProbeError";

    public override string Name => AlertName;

    protected override Severity SeverityFor(MySqlInstanceResult instance) => Severity.Warning;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) =>
        instance.State == MySqlInstanceState.Error && instance.Error != "not probed yet";

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {MySqlText.State(i)}";
}
