using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.MySql.Rules;

/// <summary>The built-in MySQL/MariaDB rules.</summary>
public static class MySqlRules
{
    public static IEnumerable<IRule> All() =>
    [
        new MySqlHungRule(),
        new MySqlDownRule(),
        new MySqlAuthFailedRule(),
        new MySqlTooManyConnectionsRule(),
        new MySqlProbeErrorRule(),
        new MySqlPrimaryReadOnlyRule(),
        new MySqlReplicationBrokenRule(),
        new MySqlReplicationLagRule(),
        new MySqlNoHealthyStandbyRule(),
        new MySqlMonitorCannotReachRule(),
        new MySqlRestartWithoutPermitRule(),
        new MySqlOverlappingRestartsRule(),
    ];
}
