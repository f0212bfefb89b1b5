using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Galera;
using QuorumMonitor.Kafka;
using QuorumMonitor.MySql;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Host;

/// <summary>
/// The cluster kinds this build of the monitor knows, in the order their sections are read and their errors shown.
/// The one place that names every kind (as Telegraf's <c>plugins/inputs/all</c>): adding a kind is one line here.
/// </summary>
public static class MonitorKinds
{
    public static IReadOnlyList<IClusterKind> All { get; } =
    [
        new ZooKeeperKind(),
        new KafkaKind(),
        new MySqlKind(),
        new GaleraKind(),
    ];

    /// <summary>Reads config files with every kind's section.</summary>
    public static ConfigLoader Config { get; } = new(All);

    /// <summary>Every runbook, for the CLI that reads a remote monitor's alerts.</summary>
    public static RunbookCatalog Runbooks { get; } = new(All);
}
