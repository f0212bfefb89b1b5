using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Self;

namespace QuorumMonitor.Runtime.Self;

/// <summary>The self-check's only unit: reads and closes the current load window. Never touches the network.</summary>
public sealed class MonitorSelfUnit(MonitorLoad load, TimeSpan deadline) : IProbeUnit
{
    public string Id => "self";

    public TimeSpan Deadline => deadline;

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ProbeResult>(load.Read(Id));

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) =>
        new MonitorLoadResult
        {
            UnitId = Id,
            At = at,
            Duration = elapsed,
            Window = TimeSpan.Zero,
            ProbeStarts = 0,
            LateStarts = 0,
            LateAfter = load.LateAfter,
            MaxStartLag = TimeSpan.Zero,
            MaxTimerLag = TimeSpan.Zero,
            SkippedSlots = 0,
            MaxQueueLatency = TimeSpan.Zero,
            QueueDepth = 0,
            ThreadPoolQueue = ThreadPool.PendingWorkItemCount,
            ThreadPoolThreads = ThreadPool.ThreadCount,
            Timeouts = 0,
            ClustersWithTimeouts = 0,
            Clusters = load.Clusters,
            // Only a timeout says something about load: the unit touches no network, so only a starved process misses it.
            Overload = kind == ProbeFailureKind.Timeout ? [$"the self-check itself missed its deadline: {message}"] : [],
        };
}
