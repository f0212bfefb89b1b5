using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Core.Self;

/// <summary>The monitor itself as a cluster of one: what the <c>MonitorOverloaded</c> rule evaluates.</summary>
public sealed record MonitorSelfObservation(ClusterRef Cluster, DateTimeOffset At, MonitorLoadResult? Load)
    : ClusterObservation(Cluster, At)
{
    public const string Name = "quorum-monitor";

    public static ClusterRef Ref { get; } = new(ClusterKinds.Monitor, Name);

    public bool Overloaded => Load?.Overloaded == true;

    public override ClusterReport ToReport() => new()
    {
        Kind = Cluster.Kind,
        Name = Cluster.Name,
        State = Load is null ? "unknown" : Overloaded ? "overloaded" : "ok",
        Details = Load is null ? [] : new Dictionary<string, object?>
        {
            ["probeStarts"] = Load.ProbeStarts,
            ["lateStarts"] = Load.LateStarts,
            ["maxStartLagMs"] = Math.Round(Load.MaxStartLag.TotalMilliseconds),
            ["maxTimerLagMs"] = Math.Round(Load.MaxTimerLag.TotalMilliseconds),
            ["skippedSlots"] = Load.SkippedSlots,
            ["maxQueueLatencyMs"] = Math.Round(Load.MaxQueueLatency.TotalMilliseconds),
            ["queueDepth"] = Load.QueueDepth,
            ["threadPoolQueue"] = Load.ThreadPoolQueue,
            ["threadPoolThreads"] = Load.ThreadPoolThreads,
            ["timeouts"] = Load.Timeouts,
            ["clustersWithTimeouts"] = Load.ClustersWithTimeouts,
            ["windowSeconds"] = Math.Round(Load.Window.TotalSeconds, 1),
            ["overload"] = Load.Overload,
        },
    };

    public override IEnumerable<MemberStatus> MemberStatuses() => [];

    /// <summary>The figures in one sentence, for the alert and the page.</summary>
    public string Describe() => Load is not { } l ? "no reading yet" : string.Create(CultureInfo.InvariantCulture,
        $"{l.LateStarts} of {l.ProbeStarts} probes started over {l.LateAfter.TotalMilliseconds:0} ms late (worst {l.MaxStartLag.TotalSeconds:0.0} s), "
        + $"timers up to {l.MaxTimerLag.TotalSeconds:0.0} s late, "
        + $"{l.SkippedSlots} slots skipped, pipeline events waited up to {l.MaxQueueLatency.TotalSeconds:0.0} s ({l.QueueDepth} queued), "
        + $"{l.ThreadPoolQueue} work items waiting for {l.ThreadPoolThreads} pool threads, "
        + $"{l.Timeouts} timeouts on {l.ClustersWithTimeouts} of {l.Clusters} clusters in the last {l.Window.TotalSeconds:0} s");
}
