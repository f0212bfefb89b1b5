using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>The built-in ZooKeeper rules.</summary>
public static class ZooKeeperRules
{
    public static IEnumerable<IRule> All() =>
    [
        new ZooKeeperQuorumLostRule(),
        new ZooKeeperNoFaultToleranceRule(),
        new ZooKeeperMemberDownRule(),
        new ZooKeeperLeaderConflictRule(),
        new ZooKeeperMemberChecksFailingRule(),
        new RestartWithoutPermitRule(),
        new OverlappingRestartsRule(),
        new ZooKeeperMonitorCannotReachRule(),
    ];
}
