using QuorumMonitor.Core.Probing;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Rules.Restarts;

namespace QuorumMonitor.MySql.Rules;

/// <summary>An instance went down or restarted without a permit while another instance was under one.</summary>
public sealed class MySqlRestartWithoutPermitRule : RestartWithoutPermitRuleBase<MySqlClusterObservation>
{
    public const string AlertName = UnplannedRestarts.WithoutPermitAlert;

    /// <summary>The instance is down too; what matters is that it went down unplanned while a restart was under way.</summary>
    public override IReadOnlyCollection<string> Explains { get; } = [MySqlDownRule.AlertName, MySqlNoHealthyStandbyRule.AlertName];

    protected override string Summary(MySqlClusterObservation m, MemberChange c) =>
        $"MySQL instance {c.Member} of {m.Cluster.Name} {(c.Restart ? "restarted" : "went down")} at {c.At:HH:mm:ss}Z without a permit "
        + $"while another instance is under one ({c.DuringPermit}); {m.HealthyStandbys.Count} healthy standby(s) now";
}
