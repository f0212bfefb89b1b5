namespace QuorumMonitor.MySql.Model;

/// <summary>
/// The replicas' view of a primary the monitor cannot reach (refused or unreachable), as orchestrator's DeadMaster
/// and UnreachableMaster analyses read it. A replica the monitor reaches whose IO thread runs (<c>Yes</c>) with both
/// threads up and its lag within the threshold still replicates from the primary: it <em>vouches</em> for it. One
/// whose IO thread is <c>Connecting</c>, or stopped with an IO error, cannot reach it either: it <em>confirms</em>
/// the primary down. The primary is unreachable from the monitor only, not down, when at least one replica vouches
/// and none confirms; otherwise it is down as before, and the page names the replicas that confirm it.
/// A hung primary (TCP accepted, no answer) is the monitor's own view of the server and never vouched for: a frozen
/// server keeps its replicas' IO threads at <c>Yes</c> until <c>slave_net_timeout</c>.
/// </summary>
public sealed record MySqlReplicaView(IReadOnlyList<MySqlInstanceResult> Vouching, IReadOnlyList<MySqlInstanceResult> Confirming)
{
    public static readonly MySqlReplicaView None = new([], []);

    /// <summary>The primary serves: only the monitor's path to it is broken.</summary>
    public bool PrimaryUnreachableFromMonitor => Vouching.Count > 0 && Confirming.Count == 0;

    public static MySqlReplicaView Of(MySqlInstanceResult? primary, IReadOnlyList<MySqlInstanceResult> replicas, TimeSpan lagThreshold)
    {
        if (primary is not { IsDown: true })
        {
            return None;
        }

        var vouching = new List<MySqlInstanceResult>();
        var confirming = new List<MySqlInstanceResult>();
        foreach (var r in replicas)
        {
            if (!r.IsAnswering || r.Replication is not { } status)
            {
                continue;
            }

            if (status.Running && r.LagSeconds is { } lag && lag <= lagThreshold.TotalSeconds)
            {
                vouching.Add(r);
            }
            else if (string.Equals(status.IoRunning, "Connecting", StringComparison.OrdinalIgnoreCase)
                || (!status.IoThreadRunning && status.LastIoErrno != 0))
            {
                confirming.Add(r);
            }
        }

        return new MySqlReplicaView(vouching, confirming);
    }

    /// <summary>How a replica says it cannot reach the primary, for the page.</summary>
    public static string Why(MySqlInstanceResult replica) => replica.Replication is { } r
        ? $"{replica.Name}: IO thread {r.IoRunning}" + (r.LastIoErrno != 0 ? $", error {r.LastIoErrno}" : "")
        : replica.Name;
}
