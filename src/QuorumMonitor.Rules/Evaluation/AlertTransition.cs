using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Rules.Evaluation;

/// <summary>An alert moved from one state to another; what notifiers and timelines consume.</summary>
public sealed record AlertTransition(AlertReport Alert, AlertState From, AlertState To, DateTimeOffset At);
