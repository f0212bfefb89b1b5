using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.Rules;

/// <summary>The built-in Galera rules.</summary>
public static class GaleraRules
{
    public static IEnumerable<IRule> All() =>
    [
        new GaleraQuorumLostRule(),
        new GaleraSplitBrainRule(),
        new GaleraNoFaultToleranceRule(),
        new GaleraNodeDownRule(),
        new GaleraNodeNotSyncedRule(),
        new GaleraFlowControlRule(),
    ];
}
