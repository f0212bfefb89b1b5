using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.MySql.Model;

/// <summary>
/// A primary and its replicas, and the question behind a manual failover: is there a replica one could promote now
/// (answering, both replication threads running, within the lag threshold)?
/// </summary>
public sealed record MySqlClusterObservation : ClusterObservation
{
    public MySqlClusterObservation(ClusterRef cluster, DateTimeOffset at, IReadOnlyList<MySqlInstanceResult> instances, TimeSpan lagThreshold)
        : base(cluster, at)
    {
        Instances = instances;
        LagThreshold = lagThreshold;
        Primary = instances.FirstOrDefault(i => i.Role == MySqlRole.Primary);
        Replicas = instances.Where(i => i.Role == MySqlRole.Replica).ToList();
        HealthyStandbys = Replicas.Where(r => StandbyProblem(r) is null).Select(r => r.Name).ToList();
        ReplicaView = MySqlReplicaView.Of(Primary, Replicas, lagThreshold);
    }

    /// <summary>What the replicas say of a primary the monitor cannot reach (<see cref="MySqlReplicaView"/>).</summary>
    public MySqlReplicaView ReplicaView { get; }

    public IReadOnlyList<MySqlInstanceResult> Instances { get; }

    public TimeSpan LagThreshold { get; }

    /// <summary>The cluster's <c>minStandbys</c>: healthy standbys a replica's restart permit must leave.</summary>
    public int MinStandbys { get; init; } = MySqlClusterConfig.DefaultMinStandbys;

    public MySqlInstanceResult? Primary { get; }

    public IReadOnlyList<MySqlInstanceResult> Replicas { get; }

    /// <summary>Replicas one could fail over to now.</summary>
    public IReadOnlyList<string> HealthyStandbys { get; }

    public bool StandbyAvailable => HealthyStandbys.Count > 0;

    /// <summary>
    /// The instance is under a restart permit that covers it: a replica's, or the primary's only when forced (a permit
    /// granted to a replica that has since been promoted does not cover a primary's outage).
    /// </summary>
    public bool CoveredByPermit(MySqlInstanceResult instance) =>
        PlannedRestarts.Count > 0 && PlannedFor(instance.Name) is { } p && (instance.Role != MySqlRole.Primary || p.Forced);

    /// <summary>
    /// A replica whose only trouble is that its IO thread reconnects to a primary down under its (forced) permit: the
    /// planned outage's consequence, not a broken standby; it resumes when the primary is back.
    /// </summary>
    public bool ReconnectingToPlannedPrimary(MySqlInstanceResult replica) =>
        PlannedRestarts.Count > 0 && Primary is { } p && CoveredByPermit(p) && replica.IsAnswering
        && replica.Replication is { SqlThreadRunning: true } r && string.Equals(r.IoRunning, "Connecting", StringComparison.OrdinalIgnoreCase);

    /// <summary>"; replica-1: planned restart, permit #4 held by ...", for every permit held: what a page names.</summary>
    public string PlannedText => string.Concat(PlannedRestarts.Select(p => $"; {p.Member}: {p.Text}"));

    /// <summary>Instances by the name permits use, so the common-cause detector tells a planned restart from an unplanned one.</summary>
    public override IEnumerable<MemberStatus> MemberStatuses() => Instances.Select(i => new MemberStatus(i.Name, Names.Kebab(i.State), null));

    public string StateName => Primary is not { IsAnswering: true } && !ReplicaView.PrimaryUnreachableFromMonitor ? "primary-down"
        : Instances.All(i => i.State == MySqlInstanceState.Ok) && HealthyStandbys.Count == Replicas.Count ? "ok"
        : "degraded";

    /// <returns>Why this replica is not a standby one could promote now; null when it is one.</returns>
    public string? StandbyProblem(MySqlInstanceResult replica)
    {
        if (!replica.IsAnswering)
        {
            return $"is {MySqlText.State(replica)}";
        }

        if (replica.Replication is not { } r)
        {
            return replica.ReplicationChecked ? "is not replicating (no replica status)" : "replication status unknown";
        }

        if (!r.Running)
        {
            return $"replication stopped (IO thread {r.IoRunning}, SQL thread {r.SqlRunning})";
        }

        if (replica.LagSeconds is not { } lag)
        {
            return "lag unknown";
        }

        return lag > LagThreshold.TotalSeconds
            ? $"is {lag:0.#} s behind (threshold {LagThreshold.TotalSeconds:0.#} s)"
            : null;
    }

    public override ClusterReport ToReport() => new()
    {
        Kind = Cluster.Kind,
        Name = Cluster.Name,
        State = StateName,
        Members = Instances.Select(i => ToReport(i, PlannedFor(i.Name), ReferenceEquals(i, Primary) ? ReplicaView : MySqlReplicaView.None)).ToList(),
        Details = new Dictionary<string, object?>
        {
            ["primary"] = Primary?.Name,
            ["replicas"] = Replicas.Count,
            ["healthyStandbys"] = HealthyStandbys,
            ["standbyAvailable"] = StandbyAvailable,
            ["lagThresholdSeconds"] = LagThreshold.TotalSeconds,
            ["primaryConfirmedDownBy"] = ReplicaView.Confirming.Count > 0 ? ReplicaView.Confirming.Select(r => r.Name).ToList() : null,
        },
    };

    private static MemberReport ToReport(MySqlInstanceResult i, PlannedRestart? planned, MySqlReplicaView view) => new()
    {
        Address = i.Endpoint,
        State = Names.Kebab(i.State),
        Role = Names.Kebab(i.Role),
        Error = i.Error,
        Details = new Dictionary<string, object?>
        {
            ["name"] = i.Name,
            ["version"] = i.Version,
            ["serverId"] = i.ServerId,
            ["readOnly"] = i.ReadOnly,
            ["gtidPosition"] = i.GtidPosition,
            ["replication"] = i.Replication is { } r ? ReplicationReport(r) : null,
            ["lagSeconds"] = i.LagSeconds,
            ["heartbeatLagSeconds"] = i.HeartbeatLagSeconds,
            ["greetingMs"] = i.GreetingTime is { } g ? Math.Round(g.TotalMilliseconds, 1) : null,
            ["probeMs"] = Math.Round(i.Duration.TotalMilliseconds, 1),
            ["plannedRestart"] = planned?.Text,
            ["unreachableFromMonitor"] = view.PrimaryUnreachableFromMonitor
                ? $"the monitor cannot reach it; replicas {string.Join(", ", view.Vouching.Select(r => r.Name))} still replicate from it"
                : null,
        }.Where(kv => kv.Value is not null).ToDictionary(),
    };

    private static Dictionary<string, object?> ReplicationReport(MySqlReplicationStatus r) => new Dictionary<string, object?>
    {
        ["ioRunning"] = r.IoRunning,
        ["sqlRunning"] = r.SqlRunning,
        ["secondsBehindMaster"] = r.SecondsBehindMaster,
        ["masterHost"] = r.MasterHost,
        ["masterPort"] = r.MasterPort,
        ["masterServerId"] = r.MasterServerId,
        ["lastIoErrno"] = r.LastIoErrno == 0 ? null : r.LastIoErrno,
        ["lastIoError"] = string.IsNullOrEmpty(r.LastIoError) ? null : r.LastIoError,
        ["lastSqlErrno"] = r.LastSqlErrno == 0 ? null : r.LastSqlErrno,
        ["lastSqlError"] = string.IsNullOrEmpty(r.LastSqlError) ? null : r.LastSqlError,
        ["gtidIoPosition"] = r.GtidIoPosition,
        ["usingGtid"] = r.UsingGtid,
    }.Where(kv => kv.Value is not null).ToDictionary();
}
