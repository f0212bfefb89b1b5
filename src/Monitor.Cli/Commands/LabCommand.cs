using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Monitor.Core.Config;
using Monitor.Host;
using Monitor.Lab;
using Monitor.Lab.Kafka;
using Monitor.Lab.Processes;
using Monitor.Lab.ZooKeeper;

namespace Monitor.Cli.Commands;

/// <summary>
/// <c>monitor lab</c>: starts real servers on loopback, writes a config for them, runs the monitor on it and prints
/// the status page URL. Every server is killed by pid when the lab stops (Ctrl+C or SIGTERM).
/// </summary>
public static class LabCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Option<string>("--urls") { Description = "Listen URL of the monitor.", DefaultValueFactory = _ => "http://127.0.0.1:9464" };
        var zkMembers = new Option<int>("--zk-members") { Description = "Members of the ZooKeeper ensemble (1-9).", DefaultValueFactory = _ => 3 };
        var interval = new Option<string>("--interval") { Description = "Probe interval.", DefaultValueFactory = _ => "2s" };
        var command = new Command("lab", "Start a local lab of real servers and run the monitor on it.") { urls, zkMembers, interval };
        command.SetAction(async (parse, ct) =>
        {
            var members = parse.GetValue(zkMembers);
            if (members is < 1 or > 9)
            {
                await error.WriteLineAsync("monitor: --zk-members must be from 1 to 9").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            using var directory = new LabDirectory();
            var ports = new FreePorts();
            await output.WriteLineAsync($"lab: starting a {members}-member ZooKeeper ensemble in {directory.Root}").ConfigureAwait(false);
            using var zk = ZooKeeperEnsemble.Start(members, ports, directory, "zk-lab");
            await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);

            await output.WriteLineAsync("lab: starting a 3-broker Kafka mock cluster with a producer, a consumer group and node_exporter").ConfigureAwait(false);
            using var kafka = await KafkaLab.StartAsync(ports, directory, ct).ConfigureAwait(false);

            var yaml = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"monitor:\n  interval: {parse.GetValue(interval)}\n  deadline: 1s\n")
                .Append("zookeeper:\n").Append(zk.ToYaml("zk-lab"))
                .Append("kafka:\n").Append(kafka.ToYaml("kafka-lab", dependsOn: "zk-lab"))
                .ToString();
            var configPath = Path.Combine(directory.Root, "monitor.yaml");
            await File.WriteAllTextAsync(configPath, yaml, ct).ConfigureAwait(false);
            MonitorConfig cfg;
            try
            {
                cfg = ConfigLoader.LoadFile(configPath);
            }
            catch (ConfigException ex)
            {
                await CliApp.WriteConfigErrorsAsync(error, ex).ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            await using var app = MonitorWebApp.Build(cfg, [parse.GetValue(urls)!]);
            await app.StartAsync(ct).ConfigureAwait(false);
            var url = app.Urls.First().TrimEnd('/');
            await output.WriteLineAsync($"lab: config {configPath}").ConfigureAwait(false);
            foreach (var m in zk.Members)
            {
                await output.WriteLineAsync($"lab: zk-lab member {m.Id} at {m.Address} (pid {m.Pid}; try: kill -STOP {m.Pid})").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"lab: kafka-lab brokers {kafka.Cluster.BootstrapServers} (in this process; group {KafkaLab.Group} on topic {KafkaLab.Topic}), node_exporter pid {kafka.NodeExporter.Pid}").ConfigureAwait(false);
            await output.WriteLineAsync($"lab: status page {url}/   API {url}/api/v1/status   metrics {url}/metrics").ConfigureAwait(false);
            await output.WriteLineAsync("lab: press Ctrl+C to stop; every lab process is killed on exit").ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            await output.WriteLineAsync("lab: stopping").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
