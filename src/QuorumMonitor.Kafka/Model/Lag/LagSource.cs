namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>Where a lag in seconds came from.</summary>
public enum LagSource
{
    /// <summary>Caught up: no unconsumed message, 0 s behind.</summary>
    None,

    /// <summary>The broker's timestamp of the first unconsumed message (exact, from the first poll on).</summary>
    Timestamp,

    /// <summary>Interpolated over the log-end history this monitor has seen (no timestamp could be had).</summary>
    Interpolated,
}
