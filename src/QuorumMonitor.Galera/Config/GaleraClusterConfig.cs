using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Galera.Config;

/// <summary>One <c>galera:</c> entry: the nodes of one Galera cluster and how the monitor logs in to each.</summary>
public sealed record GaleraClusterConfig
{
    /// <summary>Above this fraction of time paused by flow control, a node is reported (GaleraFlowControl).</summary>
    public const double DefaultFlowControlPausedThreshold = 0.1;

    public required string Name { get; init; }

    public required IReadOnlyList<GaleraNodeConfig> Nodes { get; init; }

    /// <summary>The monitor user (needs only USAGE: SHOW GLOBAL STATUS and a system variable are all it reads).</summary>
    public required string User { get; init; }

    /// <summary>Where the password comes from, as for the MySQL kind; never the password itself.</summary>
    public required PasswordSource Password { get; init; }

    /// <summary>Extra MySqlConnector options for every node (TLS and the like); validated to name no server, user or password.</summary>
    public string? ConnectionOptions { get; init; }

    /// <summary>Deadline of each node's probe; null: the monitor's default.</summary>
    public TimeSpan? Deadline { get; init; }

    public double FlowControlPausedThreshold { get; init; } = DefaultFlowControlPausedThreshold;
}
