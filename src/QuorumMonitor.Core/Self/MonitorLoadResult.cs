using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Core.Self;

/// <summary>
/// The monitor's own load over the last window, as its self-check unit reads it: how late probes started against
/// their schedule, how long pipeline events waited for the dispatcher, and what was skipped. The monitor is a node
/// in its own topology; this is its probe result.
/// </summary>
public sealed record MonitorLoadResult : ProbeResult
{
    /// <summary>The span the figures cover (from the previous reading to this one).</summary>
    public required TimeSpan Window { get; init; }

    public required long ProbeStarts { get; init; }

    /// <summary>Probes that started later than <see cref="LateAfter"/> past their slot.</summary>
    public required long LateStarts { get; init; }

    public required TimeSpan LateAfter { get; init; }

    public required TimeSpan MaxStartLag { get; init; }

    /// <summary>
    /// How late the monitor's own clock check fired at worst: a timer that asks for nothing but to run on time. When it
    /// runs late, every continuation in the process does (reading an answer that has arrived, firing a deadline), so
    /// timeouts measured meanwhile are the monitor's doing.
    /// </summary>
    public required TimeSpan MaxTimerLag { get; init; }

    /// <summary>Slots passed over because the unit was still busy or started late (never run late instead).</summary>
    public required long SkippedSlots { get; init; }

    public required TimeSpan MaxQueueLatency { get; init; }

    public required int QueueDepth { get; init; }

    /// <summary>
    /// The thread pool when the window closed: work items waiting for a thread, and threads. A backlog there is
    /// starvation (blocking calls, too little CPU) and shows as late starts too; this says which.
    /// </summary>
    public required long ThreadPoolQueue { get; init; }

    public required int ThreadPoolThreads { get; init; }

    /// <summary>Probe units that timed out in the window, and of how many clusters.</summary>
    public required long Timeouts { get; init; }

    public required int ClustersWithTimeouts { get; init; }

    public required int Clusters { get; init; }

    /// <summary>Why the window counts as overloaded; empty when it does not.</summary>
    public required IReadOnlyList<string> Overload { get; init; }

    public bool Overloaded => Overload.Count > 0;

    public override string Outcome => Overloaded ? "overloaded" : "ok";
}
