using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Runtime.Permits;

/// <summary>The members of a cluster under a restart permit now, for the rules to judge them by.</summary>
public interface IPlannedRestarts
{
    IReadOnlyList<PlannedRestart> For(string cluster);
}
