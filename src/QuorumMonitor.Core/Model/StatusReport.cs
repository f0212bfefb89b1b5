namespace QuorumMonitor.Core.Model;

/// <summary>The whole verdict: the <c>monitor check --format json</c> document and the body of <c>/api/v1/status</c>.</summary>
public sealed record StatusReport
{
    public required MonitorStatus Status { get; init; }
    public DateTimeOffset GeneratedAt { get; init; }
    public IReadOnlyList<ClusterReport> Clusters { get; init; } = [];
    public IReadOnlyList<AlertReport> Alerts { get; init; } = [];

    /// <summary>Alert delivery health; present when <c>notify:</c> is configured (<c>monitor run</c>).</summary>
    public DeliveryReport? Delivery { get; init; }

    /// <summary>The running config and how its last reload went; present in <c>/api/v1/status</c> (<c>monitor run</c>).</summary>
    public RunningConfigReport? Config { get; init; }

    /// <summary>Which shard of the configured clusters this monitor runs; present in <c>/api/v1/status</c> (<c>monitor run</c>).</summary>
    public ShardReport? Shard { get; init; }

    /// <summary>Restart permits held and refused recently; present in <c>/api/v1/status</c> (<c>monitor run</c>).</summary>
    public PermitsReport? Permits { get; init; }

    /// <summary>Correlated alerts: one entry per incident, root cause named, symptoms attached.</summary>
    public IReadOnlyList<IncidentReport> Incidents { get; init; } = [];

    /// <summary>Set when the verdict is unknown: what went wrong.</summary>
    public string? Error { get; init; }

    /// <summary>Only firing alerts decide the status: a pending alert is not yet confirmed.</summary>
    public static MonitorStatus StatusOf(IEnumerable<AlertReport> alerts)
    {
        var status = MonitorStatus.Ok;
        foreach (var alert in alerts)
        {
            if (alert.State != AlertState.Firing)
            {
                continue;
            }

            if (alert.Severity == Severity.Page)
            {
                return MonitorStatus.Critical;
            }

            status = MonitorStatus.Warning;
        }

        return status;
    }
}
