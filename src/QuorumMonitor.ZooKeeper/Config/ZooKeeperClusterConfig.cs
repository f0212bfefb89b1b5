using QuorumMonitor.Core.Config;
namespace QuorumMonitor.ZooKeeper.Config;

/// <summary>One <c>zookeeper:</c> entry: an ensemble and how to reach each member.</summary>
public sealed record ZooKeeperClusterConfig
{
    public required string Name { get; init; }

    /// <summary>Client ports of every member, voters and observers, as the ensemble's config lists them.</summary>
    public required IReadOnlyList<HostPort> Servers { get; init; }

    /// <summary>AdminServer base URL per member, in <see cref="Servers"/> order; empty when not used.</summary>
    public IReadOnlyList<Uri> AdminUrls { get; init; } = [];

    /// <summary>
    /// Members (each also in <see cref="Servers"/>) that are observers: never voters, even when down and never seen.
    /// </summary>
    public IReadOnlyList<HostPort> Observers { get; init; } = [];

    public TimeSpan? Deadline { get; init; }

    /// <summary>Open a real client session on each member (the wire protocol), not only ask four-letter words.</summary>
    public bool SessionCheck { get; init; } = true;

    /// <summary>
    /// How long a quorum loss that is only the election after a planned restart of the leader (every voter not under a
    /// permit answers, and they are a quorum) may last before it pages; 0 pages it as any other quorum loss.
    /// </summary>
    public TimeSpan ElectionGrace { get; init; } = DefaultElectionGrace;

    public static readonly TimeSpan DefaultElectionGrace = TimeSpan.FromSeconds(10);
}
