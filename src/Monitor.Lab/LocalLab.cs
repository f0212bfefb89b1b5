using System.Globalization;
using System.Text;
using Monitor.Lab.Kafka;
using Monitor.Lab.MySql;
using Monitor.Lab.Processes;
using Monitor.Lab.ZooKeeper;

namespace Monitor.Lab;

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

    public static async Task<LocalLab> StartAsync(int zooKeeperMembers, bool withMySql, bool withKafka, TextWriter progress, CancellationToken cancellationToken)
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

    /// <summary>The monitor's config for everything in the lab, with the dependencies the correlation engine needs.</summary>
    public string ConfigYaml(string interval, string deadline = "1s", string extraSections = "")
    {
        var yaml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"monitor:\n  interval: {interval}\n  deadline: {deadline}\n")
            .Append(extraSections)
            .Append("zookeeper:\n").Append(ZooKeeper.ToYaml(ZooKeeperName));
        if (MySql is not null)
        {
            yaml.Append("mysql:\n").Append(MySql.ToYaml(MySqlName));
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

        if (Kafka is not null)
        {
            yield return $"{KafkaName} brokers {Kafka.Cluster.BootstrapServers} (in this process; group {KafkaLab.Group} on topic {KafkaLab.Topic}), node_exporter pid {Kafka.NodeExporter.Pid}";
        }
    }

    public void Dispose()
    {
        Kafka?.Dispose();
        MySql?.Dispose();
        ZooKeeper.Dispose();
        Directory.Dispose();
    }
}
