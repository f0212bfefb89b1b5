using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// Nothing listens (refused) or the host does not answer TCP at all: the server is dead, not frozen. Not raised for a
/// replica under a restart permit (or the primary under a forced one); the primary down without one pages as always,
/// naming the permits held.
/// </summary>
public sealed class MySqlDownRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlDown";

    public override string Name => AlertName;

    protected override bool PassedThroughByRestart => true;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) => instance.IsDown;

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {MySqlText.State(i)}; {Standbys(c)}";
}
