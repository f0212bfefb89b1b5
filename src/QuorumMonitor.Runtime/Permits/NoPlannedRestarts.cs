using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Runtime.Permits;

/// <summary>Without the permit API (<c>monitor check</c>) no restart is ever planned.</summary>
public sealed class NoPlannedRestarts : IPlannedRestarts
{
    public IReadOnlyList<PlannedRestart> For(string cluster) => [];
}
