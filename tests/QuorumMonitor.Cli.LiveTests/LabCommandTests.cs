using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary><c>monitor lab</c> as a newcomer runs it: the ensemble shows in /api/v1/status, and stopping it kills every server.</summary>
public partial class LabCommandTests
{
    [GeneratedRegex(@"\(pid (\d+);")]
    private static partial Regex PidPattern();

    [GeneratedRegex(@"node_exporter pid (\d+)")]
    private static partial Regex NodeExporterPid();

    [Fact]
    public async Task Lab_serves_the_ensemble_in_the_status_api_and_cleans_up_on_sigterm()
    {
        var port = new FreePorts().Next();
        var url = $"http://127.0.0.1:{port}";
        using var lab = new MonitorProcess("lab", "--urls", url, "--interval", "500ms");
        // The whole lab (3 ZooKeeper members, MariaDB primary + replica, a 3-node Galera cluster joined one node at a
        // time, Kafka mock, Alertmanager, node_exporter): minutes on a loaded 2-core machine.
        var output = await lab.WaitForOutputAsync("lab: status page", TimeSpan.FromMinutes(5));
        var pids = PidPattern().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(9, pids.Count); // 3 ZooKeeper members, primary + replica, 3 Galera nodes, Alertmanager
        pids.Add(int.Parse(NodeExporterPid().Match(output).Groups[1].Value, CultureInfo.InvariantCulture));

        using var http = new HttpClient();
        JsonElement cluster = default;
        JsonElement mysql = default;
        JsonElement kafka = default;
        JsonElement galera = default;
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(120))
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");
            var all = status.GetProperty("clusters").EnumerateArray().ToList();

            // The monitor is a cluster of its own (its self-check), next to the lab's four. Its state is not asked for:
            // on a loaded machine it may rightly read overloaded while the lab's clusters are all ok.
            var self = all.Where(c => c.GetProperty("kind").GetString() == "monitor").ToList();
            var clusters = all.Except(self).ToList();
            if (clusters.Count == 4 && self.Count == 1 && clusters.All(c => c.GetProperty("state").GetString() == "ok")
                && clusters.Single(c => c.GetProperty("kind").GetString() == "kafka").GetProperty("network").EnumerateArray().All(n => n.TryGetProperty("transmitMbps", out _)))
            {
                cluster = clusters.Single(c => c.GetProperty("kind").GetString() == "zookeeper");
                mysql = clusters.Single(c => c.GetProperty("kind").GetString() == "mysql");
                kafka = clusters.Single(c => c.GetProperty("kind").GetString() == "kafka");
                galera = clusters.Single(c => c.GetProperty("kind").GetString() == "galera");
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(JsonValueKind.Object, cluster.ValueKind);
        Assert.Equal("zk-lab", cluster.GetProperty("name").GetString());
        Assert.All(cluster.GetProperty("members").EnumerateArray(), m => Assert.Equal("serving", m.GetProperty("state").GetString()));
        Assert.Equal("mysql-lab", mysql.GetProperty("name").GetString());
        Assert.True(mysql.GetProperty("standbyAvailable").GetBoolean());
        Assert.Equal("galera-lab", galera.GetProperty("name").GetString());
        var page = await http.GetStringAsync($"{url}/");
        Assert.Contains("<title>Quorum Monitor</title>", page, StringComparison.Ordinal);
        Assert.Equal("ok\n", await http.GetStringAsync($"{url}/healthz"));
        var metrics = await http.GetStringAsync($"{url}/metrics");
        Assert.Contains("quorum_monitor_delivery_channel_failing{channel=\"alertmanager\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_zookeeper_fault_tolerance{cluster=\"zk-lab\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_mysql_standby_available{cluster=\"mysql-lab\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_mysql_instance_state{cluster=\"mysql-lab\",instance=\"primary\",role=\"primary\",state=\"ok\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_mysql_replica_sql_running{cluster=\"mysql-lab\",instance=\"replica\"} 1", metrics, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, kafka.ValueKind);
        Assert.Equal("kafka-lab", kafka.GetProperty("name").GetString());
        Assert.Equal(["zk-lab"], kafka.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("ok", kafka.GetProperty("consumerGroups")[0].GetProperty("status").GetString());
        Assert.Contains("quorum_monitor_kafka_broker_up{cluster=\"kafka-lab\",broker=\"2\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_offline_partitions{cluster=\"kafka-lab\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_consumer_status{cluster=\"kafka-lab\",group=\"billing\",topic=\"events\",status=\"ok\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_consumer_lag_seconds{cluster=\"kafka-lab\",group=\"billing\",topic=\"events\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_nic_transmit_bytes_per_second{cluster=\"kafka-lab\",broker=\"1\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_broker_loss_headroom_ratio{cluster=\"kafka-lab\",broker=\"3\"}", metrics, StringComparison.Ordinal);

        lab.Terminate();
        Assert.Equal(0, await lab.WaitForExitAsync(CliApp.ShutdownTimeout + TimeSpan.FromSeconds(30)));
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"lab server pid {pid} still running after the lab stopped; stdout: {lab.Stdout} stderr: {lab.Stderr}"));
    }

    [Fact]
    public async Task Exit_code_of_the_real_executable_follows_the_contract()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "zookeeper:\n  - name: zk\n");
        try
        {
            using var check = new MonitorProcess("check", "--config", path);
            Assert.Equal(3, await check.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("zookeeper[0].servers", check.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
