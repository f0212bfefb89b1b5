namespace QuorumMonitor.Core.Model;

/// <summary>
/// The <c>config</c> object of <c>/api/v1/status</c>: which file runs, how the last reload went (as Prometheus's
/// <c>prometheus_config_last_reload_successful</c>), and what runs now: each cluster's probe units and deadlines.
/// </summary>
public sealed record RunningConfigReport
{
    /// <summary>The file a reload reads; null when the monitor was not started from one.</summary>
    public string? File { get; init; }

    /// <summary>False after a reload failed: the running config is the one loaded before, not what the file says.</summary>
    public required bool LastReloadSuccessful { get; init; }

    /// <summary>When the last reload was tried; null before the first.</summary>
    public DateTimeOffset? LastReloadAt { get; init; }

    /// <summary>When the running config was loaded: start-up, or the last successful reload.</summary>
    public required DateTimeOffset LoadedAt { get; init; }

    /// <summary>Why the last reload failed, as start-up would report it (field and line); null after a success.</summary>
    public string? Error { get; init; }

    public IReadOnlyList<ConfigErrorReport> Errors { get; init; } = [];

    /// <summary>What the last successful reload changed, e.g. <c>1 unchanged, 1 changed (zookeeper/b), 1 added (zookeeper/c), 0 removed</c>.</summary>
    public string? LastReloadChanges { get; init; }

    public IReadOnlyList<RunningClusterReport> Clusters { get; init; } = [];
}
