using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// The outage's freeze: TCP accepted but no greeting, or logged in but a query never returns. Only confirmed rounds
/// page (the rule evaluator's <c>confirmRounds</c>): a false page here invites a false failover.
/// </summary>
public sealed class MySqlHungRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlHung";

    public override string Name => AlertName;

    protected override bool PassedThroughByRestart => true;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) => instance.IsHung;

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {MySqlText.State(i)}; the process is up but serves nothing "
        + $"(a frozen server needs kill -9 and a restart or a failover); {Standbys(c)}";
}
