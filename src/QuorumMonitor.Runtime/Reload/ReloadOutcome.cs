using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>What one reload did: what changed when it succeeded, the problems (field and line) when it did not.</summary>
public sealed record ReloadOutcome(bool Succeeded, ClusterSetDiff? Diff, IReadOnlyList<ConfigError> Errors);
