using System.Globalization;
using System.Text;
using QuorumMonitor.Lab.Alertmanager;
using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Lab.Galera;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;

namespace QuorumMonitor.Lab;

/// <summary>
/// The whole local lab, as <c>monitor lab</c> and the end-to-end tests run it: a ZooKeeper ensemble, a MariaDB primary +
/// replica, a Kafka mock cluster (depending on the ensemble, its consumer group writing to the database) with traffic
/// and node_exporter. Disposing it stops everything by pid.
/// </summary>
public sealed class LocalLab : IDisposable
{
    public const string ZooKeeperName = "zk-lab";
    public const string MySqlName = "mysql-lab";
    public const string KafkaName = "kafka-lab";
    public const string GaleraName = "galera-lab";

    private LocalLab(LabDirectory directory, FreePorts ports, ZooKeeperEnsemble zooKeeper)
    {
        Directory = directory;
        Ports = ports;
        ZooKeeper = zooKeeper;
    }

    public LabDirectory Directory { get; }

    public FreePorts Ports { get; }

    public ZooKeeperEnsemble ZooKeeper { get; }

    public MariaDbReplicationPair? MySql { get; private set; }

    public KafkaLab? Kafka { get; private set; }

    public GaleraLabCluster? Galera { get; private set; }

    /// <summary>Where the lab's monitor delivers incidents; its web UI shows them as an on-call engineer would see them.</summary>
    public AlertmanagerServer? Alertmanager { get; private set; }

    /// <summary>Routes everything to a receiver with no integrations: the lab shows delivery, it pages nobody.</summary>
    private const string AlertmanagerConfig =
        "route:\n  receiver: lab\n  group_by: [alertname, cluster]\n  group_wait: 1s\n  group_interval: 5s\n  repeat_interval: 1h\nreceivers:\n  - name: lab\n";

    public static async Task<LocalLab> StartAsync(
        int zooKeeperMembers, bool withMySql, bool withKafka, TextWriter progress, CancellationToken cancellationToken, bool withAlertmanager = true, bool withGalera = false)
    {
        var directory = new LabDirectory();
        var ports = new FreePorts();
        LocalLab? lab = null;
        try
        {
            await progress.WriteLineAsync($"lab: starting a {zooKeeperMembers}-member ZooKeeper ensemble in {directory.Root}").ConfigureAwait(false);
            lab = new LocalLab(directory, ports, ZooKeeperEnsemble.Start(zooKeeperMembers, ports, directory, ZooKeeperName));
            if (withMySql)
            {
                await progress.WriteLineAsync("lab: starting a MariaDB primary + replica").ConfigureAwait(false);
                lab.MySql = await MariaDbReplicationPair.StartAsync(ports, directory, MySqlName, cancellationToken).ConfigureAwait(false);
            }

            if (withGalera)
            {
                await progress.WriteLineAsync("lab: starting a 3-node MariaDB Galera cluster (joiners one after the other)").ConfigureAwait(false);
                lab.Galera = await GaleraLabCluster.StartAsync(ports, directory, GaleraName, cancellationToken).ConfigureAwait(false);
            }

            if (withAlertmanager)
            {
                await progress.WriteLineAsync("lab: starting Alertmanager").ConfigureAwait(false);
                lab.Alertmanager = AlertmanagerServer.Start(AlertmanagerConfig, ports, directory);
                await lab.Alertmanager.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }

            await lab.ZooKeeper.WaitForQuorumAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (withKafka)
            {
                await progress.WriteLineAsync("lab: starting a 3-broker Kafka mock cluster with a producer, a consumer group and node_exporter").ConfigureAwait(false);
                lab.Kafka = await KafkaLab.StartAsync(ports, directory, cancellationToken).ConfigureAwait(false);
            }

            return lab;
        }
        catch
        {
            if (lab is null)
            {
                directory.Dispose();
            }
            else
            {
                lab.Dispose();
            }

            throw;
        }
    }

    /// <summary>The monitor's config for everything in the lab, with the dependencies the incident tracker needs.</summary>
    /// <param name="externalUrl">The monitor's own URL, for the incident links in delivered alerts.</param>
    public string ConfigYaml(string interval, string deadline = "1s", string extraSections = "", string? externalUrl = null)
    {
        var yaml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"monitor:\n  interval: {interval}\n  deadline: {deadline}\n")
            .Append(extraSections);
        if (Alertmanager is not null)
        {
            yaml.Append("notify:\n")
                .Append(CultureInfo.InvariantCulture, $"  stateFile: {Path.Combine(Directory.Root, "monitor-state.db")}\n")
                .Append(externalUrl is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  externalUrl: {externalUrl}\n"))
                .Append("  watchdogInterval: 30s\n  channels:\n    - name: alertmanager\n")
                .Append(CultureInfo.InvariantCulture, $"      alertmanager: {{urls: [\"{Alertmanager.Url}\"]}}\n");
        }

        yaml
            .Append("zookeeper:\n").Append(ZooKeeper.ToYaml(ZooKeeperName));
        if (MySql is not null)
        {
            yaml.Append("mysql:\n").Append(MySql.ToYaml(MySqlName));
        }

        if (Galera is not null)
        {
            yaml.Append("galera:\n").Append(Galera.ToYaml(GaleraName));
        }

        if (Kafka is not null)
        {
            yaml.Append("kafka:\n").Append(Kafka.ToYaml(KafkaName, dependsOn: ZooKeeperName, sink: MySql is null ? null : MySqlName));
        }

        return yaml.ToString();
    }

    /// <summary>One line per server an operator may want to poke at, with its pid.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var m in ZooKeeper.Members)
        {
            yield return $"{ZooKeeperName} member {m.Id} at {m.Address} (pid {m.Pid}; try: kill -STOP {m.Pid})";
        }

        if (MySql is not null)
        {
            foreach (var (server, role) in new[] { (MySql.Primary, "primary"), (MySql.Replica, "replica") })
            {
                yield return $"{MySqlName} {role} at {server.Endpoint} (pid {server.Pid}; try: kill -STOP {server.Pid})";
            }

            yield return $"{MySqlName} monitor user '{MariaDbReplicationPair.MonitorUser}', password in {MySql.PasswordFile}";
        }

        if (Galera is not null)
        {
            foreach (var n in Galera.Nodes)
            {
                yield return $"{GaleraName} node {n.Name} at {n.Endpoint} (pid {n.Pid}; try: kill -STOP {n.Pid})";
            }
        }

        if (Alertmanager is not null)
        {
            yield return $"alertmanager at {Alertmanager.Url} (pid {Alertmanager.Pid}; the monitor delivers incidents and the Watchdog there)";
        }

        if (Kafka is not null)
        {
            yield return $"{KafkaName} brokers {Kafka.Cluster.BootstrapServers} (in this process; group {KafkaLab.Group} on topic {KafkaLab.Topic}), node_exporter pid {Kafka.NodeExporter.Pid}";
        }
    }

    public void Dispose()
    {
        Kafka?.Dispose();
        Alertmanager?.Dispose();
        MySql?.Dispose();
        Galera?.Dispose();
        ZooKeeper.Dispose();
        Directory.Dispose();
    }
}
