using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>Page on any instance: the monitor cannot log in, so it is blind to everything else that could go wrong.</summary>
public sealed class MySqlAuthFailedRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlAuthFailed";

    public override string Name => AlertName;

    protected override Severity SeverityFor(MySqlInstanceResult instance) => Severity.Page;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) => instance.State == MySqlInstanceState.AuthFailed;

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {MySqlText.State(i)}: the monitor is blind to this instance; "
        + "check the monitor user's password (passwordEnv / passwordFile) and grants";
}
