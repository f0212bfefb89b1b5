using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Metric names, types and label names are a public interface (dashboards and alert rules query them). This test pins
/// them: a rename, a new label or a dropped metric fails here and must be a deliberate change to this list.
/// </summary>
public sealed partial class MetricNamesTests
{
    private static readonly Dictionary<string, (string Type, string Labels)> Expected = new()
    {
        ["quorum_monitor_alerts"] = ("gauge", "severity,state"),
        ["quorum_monitor_cluster_state"] = ("gauge", "cluster,kind,state"),
        ["quorum_monitor_config_last_reload_success_timestamp_seconds"] = ("gauge", ""),
        ["quorum_monitor_config_last_reload_successful"] = ("gauge", ""),
        ["quorum_monitor_evaluations_total"] = ("counter", "cluster,kind"),
        ["quorum_monitor_incidents"] = ("gauge", "severity,state"),
        ["quorum_monitor_round_duration_seconds"] = ("histogram", "cluster,kind,le"),
        ["quorum_monitor_galera_components"] = ("gauge", "cluster"),
        ["quorum_monitor_galera_fault_tolerance"] = ("gauge", "cluster"),
        ["quorum_monitor_galera_flow_control_paused_ratio"] = ("gauge", "cluster,node"),
        ["quorum_monitor_galera_has_quorum"] = ("gauge", "cluster"),
        ["quorum_monitor_galera_local_recv_queue"] = ("gauge", "cluster,node"),
        ["quorum_monitor_galera_node_cluster_size"] = ("gauge", "cluster,node"),
        ["quorum_monitor_galera_node_primary"] = ("gauge", "cluster,node"),
        ["quorum_monitor_galera_node_ready"] = ("gauge", "cluster,node"),
        ["quorum_monitor_galera_node_state"] = ("gauge", "cluster,node,state"),
        ["quorum_monitor_galera_node_synced"] = ("gauge", "cluster,node"),
        ["quorum_monitor_galera_node_weight"] = ("gauge", "cluster,node"),
        ["quorum_monitor_galera_primary_components"] = ("gauge", "cluster"),
        ["quorum_monitor_galera_quorum_weight"] = ("gauge", "cluster"),
        ["quorum_monitor_galera_safe_voter_weight"] = ("gauge", "cluster"),
        ["quorum_monitor_galera_split_brain"] = ("gauge", "cluster"),
        ["quorum_monitor_galera_total_weight"] = ("gauge", "cluster"),
        ["quorum_monitor_kafka_broker_loss_headroom_ratio"] = ("gauge", "broker,cluster"),
        ["quorum_monitor_kafka_broker_endpoint_state"] = ("gauge", "broker,cluster,state"),
        ["quorum_monitor_kafka_broker_up"] = ("gauge", "broker,cluster"),
        ["quorum_monitor_kafka_consumer_lag_messages"] = ("gauge", "cluster,group,topic"),
        ["quorum_monitor_kafka_consumer_lag_seconds"] = ("gauge", "cluster,group,topic"),
        ["quorum_monitor_kafka_consumer_status"] = ("gauge", "cluster,group,status,topic"),
        ["quorum_monitor_kafka_lag_series_cut"] = ("gauge", "cluster"),
        ["quorum_monitor_kafka_nic_fanout_ratio"] = ("gauge", "broker,cluster"),
        ["quorum_monitor_kafka_nic_receive_bytes_per_second"] = ("gauge", "broker,cluster"),
        ["quorum_monitor_kafka_nic_seconds_to_saturation"] = ("gauge", "broker,cluster"),
        ["quorum_monitor_kafka_nic_transmit_bytes_per_second"] = ("gauge", "broker,cluster"),
        ["quorum_monitor_kafka_nic_utilization_ratio"] = ("gauge", "broker,cluster"),
        ["quorum_monitor_kafka_offline_partitions"] = ("gauge", "cluster"),
        ["quorum_monitor_kafka_under_replicated_partitions"] = ("gauge", "cluster"),
        ["quorum_monitor_last_evaluation_timestamp_seconds"] = ("gauge", "cluster,kind"),
        ["quorum_monitor_member_state"] = ("gauge", "cluster,kind,member,state"),
        ["quorum_monitor_member_up"] = ("gauge", "cluster,kind,member"),
        ["quorum_monitor_mysql_healthy_standbys"] = ("gauge", "cluster"),
        ["quorum_monitor_mysql_instance_state"] = ("gauge", "cluster,instance,role,state"),
        ["quorum_monitor_mysql_replica_io_running"] = ("gauge", "cluster,instance"),
        ["quorum_monitor_mysql_replica_sql_running"] = ("gauge", "cluster,instance"),
        ["quorum_monitor_mysql_replication_lag_seconds"] = ("gauge", "cluster,instance"),
        ["quorum_monitor_mysql_standby_available"] = ("gauge", "cluster"),
        ["quorum_monitor_permit_requests_total"] = ("counter", "cluster,outcome"),
        ["quorum_monitor_permits"] = ("gauge", "cluster,state"),
        ["quorum_monitor_probe_duration_seconds"] = ("histogram", "cluster,kind,le,member"),
        ["quorum_monitor_probes_total"] = ("counter", "cluster,kind,member,state"),
        ["quorum_monitor_zookeeper_fault_tolerance"] = ("gauge", "cluster"),
        ["quorum_monitor_zookeeper_member_leader"] = ("gauge", "cluster,member"),
        ["quorum_monitor_zookeeper_quorum_size"] = ("gauge", "cluster"),
        ["quorum_monitor_zookeeper_serving_voters"] = ("gauge", "cluster"),
        ["quorum_monitor_zookeeper_voters"] = ("gauge", "cluster"),
    };

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? ", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    [Fact]
    public async Task Metrics_exposed_are_exactly_the_documented_names_types_and_labels()
    {
        // Every kind in the lab, so that every metric family has series and its label names show.
        using var lab = await LocalLab.StartAsync(3, withMySql: true, withKafka: true, TextWriter.Null, CancellationToken.None, withGalera: true);
        var url = $"http://127.0.0.1:{lab.Ports.Next()}";
        await using var app = MonitorWebApp.Build(MonitorKinds.Config.Parse(lab.ConfigYaml("300ms")), [url]);
        await app.StartAsync();
        using var http = new HttpClient();
        var text = "";
        // Some families get their first series a few rounds in (lag needs a window): wait until every one has series.
        for (var i = 0; i < 150 && !Expected.Keys.All(name => text.Contains(name + "{", StringComparison.Ordinal) || text.Contains(name + "_bucket{", StringComparison.Ordinal)
            || text.Contains("\n" + name + " ", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(200);
            text = await http.GetStringAsync($"{url}/metrics");
        }

        var actual = Parse(text);

        Assert.Equal(Expected.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value.Type} [{e.Value.Labels}]"),
            actual.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value.Type} [{e.Value.Labels}]"));
    }

    private static Dictionary<string, (string Type, string Labels)> Parse(string exposition)
    {
        var types = TypeLine().Matches(exposition).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var labels = new Dictionary<string, SortedSet<string>>();
        foreach (Match m in SampleLine().Matches(exposition))
        {
            var name = m.Groups[1].Value;
            var family = types.Keys.FirstOrDefault(t => name == t || name == t + "_bucket" || name == t + "_sum" || name == t + "_count") ?? name;
            if (!labels.TryGetValue(family, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                labels[family] = set;
            }

            foreach (Match l in LabelName().Matches(m.Groups[2].Value))
            {
                set.Add(l.Groups[1].Value);
            }
        }

        // Delivery's families are pinned, with their labels, by QuorumMonitor.Notify.Tests' DeliveryMetricNamesTests.
        return types.Where(t => t.Key.StartsWith("quorum_monitor_", StringComparison.Ordinal)
                && !t.Key.StartsWith("quorum_monitor_delivery_", StringComparison.Ordinal)
                && !t.Key.StartsWith("quorum_monitor_notifications_", StringComparison.Ordinal))
            .ToDictionary(t => t.Key, t => (t.Value, string.Join(',', labels.GetValueOrDefault(t.Key) ?? [])));
    }

}
