using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.MySql.Model;

/// <summary>What one probe of one MySQL/MariaDB instance found.</summary>
public sealed record MySqlInstanceResult : ProbeResult
{
    public required string Name { get; init; }
    public required MySqlRole Role { get; init; }

    /// <summary><c>host:port</c> or a Unix socket path.</summary>
    public required string Endpoint { get; init; }

    public required MySqlInstanceState State { get; init; }
    public string? Error { get; init; }

    public override string Outcome => Core.Model.Names.Kebab(State);

    /// <summary>The version the server's greeting announced.</summary>
    public string? Version { get; init; }

    public long? ServerId { get; init; }
    public bool? ReadOnly { get; init; }

    /// <summary>MariaDB <c>gtid_current_pos</c> or MySQL <c>gtid_executed</c>.</summary>
    public string? GtidPosition { get; init; }

    /// <summary>Null on an instance that is not replicating (no replica status), or when the probe did not get that far.</summary>
    public MySqlReplicationStatus? Replication { get; init; }

    /// <summary>Whether replica status was read (so that a null <see cref="Replication"/> means "not a replica").</summary>
    public bool ReplicationChecked { get; init; }

    /// <summary>Now minus the primary's last heartbeat <c>ts</c>, when a heartbeat table is configured.</summary>
    public double? HeartbeatLagSeconds { get; init; }

    /// <summary>Time from TCP connect to the complete server greeting.</summary>
    public TimeSpan? GreetingTime { get; init; }

    /// <summary>Lag as the operator should see it: the heartbeat when there is one, else <c>Seconds_Behind_Master</c>.</summary>
    public double? LagSeconds => HeartbeatLagSeconds ?? Replication?.SecondsBehindMaster;

    /// <summary>The server logged the monitor in and answered every query.</summary>
    public bool IsAnswering => State is MySqlInstanceState.Ok or MySqlInstanceState.ReadOnly;

    public bool IsHung => State is MySqlInstanceState.HandshakeTimeout or MySqlInstanceState.QueryTimeout;

    public bool IsDown => State is MySqlInstanceState.Refused or MySqlInstanceState.Unreachable;
}
