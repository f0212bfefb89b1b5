using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>Nothing listens (refused) or the host does not answer TCP at all: the server is dead, not frozen.</summary>
public sealed class MySqlDownRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlDown";

    public override string Name => AlertName;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) => instance.IsDown;

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {MySqlText.State(i)}; {Standbys(c)}";
}
