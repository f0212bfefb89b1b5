using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>The server answers but turns new connections away (max_connections or the user's limit reached).</summary>
public sealed class MySqlTooManyConnectionsRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlTooManyConnections";

    public override string Name => AlertName;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) => instance.State == MySqlInstanceState.TooManyConnections;

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {MySqlText.State(i)}; clients cannot connect; {Standbys(c)}";
}
