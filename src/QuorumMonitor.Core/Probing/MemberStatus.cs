namespace QuorumMonitor.Core.Probing;

/// <summary>The kind-independent view of one member that common-cause detection needs: who, in what state, up how long.</summary>
public readonly record struct MemberStatus(string Address, string State, double? UptimeSeconds);
