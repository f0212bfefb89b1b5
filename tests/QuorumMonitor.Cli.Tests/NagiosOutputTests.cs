using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Cli.Nagios;
using QuorumMonitor.Core.Config;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.ZooKeeper.Rules;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.Kafka;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 18, must-show 4 (fast part): <c>check --format nagios</c> is read back by a perfdata parser written against
/// the plugin guidelines, and its thresholds put each series in the state the monitor's own rule gives it.
/// </summary>
public sealed class NagiosOutputTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;
    private static readonly MonitorConfig NoConfig = new();

    [Fact]
    public void A_healthy_ensemble_is_ok_with_serving_voters_and_fault_tolerance_as_perfdata()
    {
        var report = Report(ZooKeeper(voters: 3, serving: 3).ToReport());

        var output = NagiosPluginOutput.Parse(NagiosText.Format(report, NoConfig));

        Assert.StartsWith("OK - 0 page(s), 0 warning(s) firing; zookeeper/zk-realtime ok", output.Text, StringComparison.Ordinal);
        var serving = output["zk-realtime_serving_voters"];
        Assert.Equal((3d, 0d, 3d), (serving.Value!.Value, serving.Min!.Value, serving.Max!.Value));
        Assert.Equal("", serving.Uom);
        Assert.Equal(1, output["zk-realtime_fault_tolerance"].Value);
        Assert.All(output.PerfData, d => Assert.Equal(0, d.State));
    }

    [Fact]
    public void ZooKeeper_thresholds_agree_with_the_quorum_rules_for_every_ensemble_size_and_failure_count()
    {
        for (var voters = 1; voters <= 7; voters++)
        {
            for (var serving = 0; serving <= voters; serving++)
            {
                var ensemble = ZooKeeper(voters, serving);
                var fired = ZooKeeperRules.All().SelectMany(r => r.Evaluate(ensemble)).Select(a => a.Name).ToHashSet();
                var expected = fired.Contains(ZooKeeperQuorumLostRule.AlertName) ? 2 : fired.Contains(ZooKeeperNoFaultToleranceRule.AlertName) ? 1 : 0;

                var output = NagiosPluginOutput.Parse(NagiosText.Format(Report(ensemble.ToReport()), NoConfig));

                var state = output.PerfData.Where(d => d.Label.StartsWith("zk-realtime_", StringComparison.Ordinal)).Max(d => d.State);
                Assert.True(expected == state, $"{serving} of {voters} voters serving: rules say {expected}, perfdata thresholds say {state}");
                Assert.Equal(serving, output["zk-realtime_serving_voters"].Value);
                Assert.Equal(voters, output["zk-realtime_serving_voters"].Max);
            }
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    [InlineData(300.5)]
    [InlineData(7200)]
    public void Kafka_lag_seconds_warn_exactly_where_the_lag_rule_does(double lagSeconds)
    {
        var config = KafkaConfig("billing team=1");
        var kafka = Kafka(config, [Group("billing team=1", lagSeconds), Group("discovered", 5)], nics: []);
        var lagging = KafkaRules.All().SelectMany(r => r.Evaluate(kafka)).Any(a => a.Name == KafkaConsumerLaggingRule.AlertName);

        var text = NagiosText.Format(Report(kafka.ToReport()), new MonitorConfig().WithKafka([config]));
        var output = NagiosPluginOutput.Parse(text);

        // The group's name has a space and '=': its label is quoted and reads back whole.
        Assert.Contains("'events_billing team=1_lag_seconds'=", text, StringComparison.Ordinal);
        var group = output["events_billing team=1_lag_seconds"];
        Assert.Equal(("s", lagSeconds), (group.Uom, group.Value!.Value));
        Assert.Equal(lagging ? 1 : 0, group.State);
        Assert.Equal(Math.Max(lagSeconds, 5), output["events_max_lag_seconds"].Value);
        Assert.DoesNotContain(output.PerfData, d => d.Label.Contains("discovered", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(300, 310)] // every NIC far from its limit: losing one is fine
    [InlineData(600, 610)] // close: a survivor would take more than its limit
    public void Kafka_broker_loss_headroom_is_critical_exactly_where_the_cascade_rule_pages(double mbpsBroker1, double mbpsBroker2)
    {
        var config = KafkaConfig("billing");
        var nics = new[] { mbpsBroker1, mbpsBroker2, 320 }.Select((mbps, i) => Nic(i + 1, mbps)).ToList();
        var kafka = Kafka(config, [Group("billing", 1)], nics);
        var pages = KafkaRules.All().SelectMany(r => r.Evaluate(kafka)).Any(a => a.Name == KafkaNoBrokerLossHeadroomRule.AlertName);

        var output = NagiosPluginOutput.Parse(NagiosText.Format(Report(kafka.ToReport()), new MonitorConfig().WithKafka([config])));

        var headroom = output["events_broker_loss_headroom_ratio"];
        Assert.Equal(kafka.LossImpacts.Min(i => i.HeadroomRatio), headroom.Value!.Value, precision: 3);
        Assert.Equal(pages ? 2 : 0, headroom.State);
        Assert.Equal(1, headroom.Max);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(900)]
    public void MySql_replication_lag_warns_exactly_where_the_lag_rule_does(long secondsBehind)
    {
        var mysql = MySql(secondsBehind);
        var lagging = MySqlRules.All().SelectMany(r => r.Evaluate(mysql)).Any(a => a.Name == MySqlReplicationLagRule.AlertName);

        var output = NagiosPluginOutput.Parse(NagiosText.Format(Report(mysql.ToReport()), NoConfig));

        var lag = output["orders_replica-1_replication_lag_seconds"];
        Assert.Equal(("s", (double)secondsBehind), (lag.Uom, lag.Value!.Value));
        Assert.Equal(lagging ? 1 : 0, lag.State);
        Assert.DoesNotContain(output.PerfData, d => d.Label.Contains("primary", StringComparison.Ordinal));
    }

    [Fact]
    public void A_critical_verdict_names_its_root_cause_first_and_no_summary_text_adds_a_pipe()
    {
        var ensemble = ZooKeeper(voters: 3, serving: 1);
        var alerts = new[]
        {
            Alert("ZooKeeperQuorumLost", Severity.Page, "lost quorum | 1 of 3"),
            Alert("ZooKeeperMemberDown", Severity.Warning, "member down\nsecond line", causedBy: "ZooKeeperQuorumLost{zookeeper/zk-realtime}"),
            Alert("ZooKeeperMemberDown", Severity.Warning, "pending only", state: AlertState.Pending),
        };
        var report = Report(ensemble.ToReport()) with { Status = MonitorStatus.Critical, Alerts = alerts };

        var text = NagiosText.Format(report, NoConfig);
        var output = NagiosPluginOutput.Parse(text);

        Assert.Single(text, c => c == '|');
        Assert.Equal("CRITICAL - 1 page(s), 1 warning(s) firing: ZooKeeperQuorumLost on zookeeper/zk-realtime; zookeeper/zk-realtime no-quorum", output.Text);
        Assert.Equal(2, output["zk-realtime_serving_voters"].State);
        Assert.Equal(
            ["PAGE ZooKeeperQuorumLost: lost quorum / 1 of 3", "WARNING ZooKeeperMemberDown: member down second line [symptom of ZooKeeperQuorumLost{zookeeper/zk-realtime}]"],
            output.LongText);
    }

    [Fact]
    public void An_unknown_verdict_is_one_line_with_the_error_and_no_perfdata()
    {
        var report = new StatusReport { Status = MonitorStatus.Unknown, Error = "invalid config:\n  zookeeper[0].servers (line 3): is empty" };

        var output = NagiosPluginOutput.Parse(NagiosText.Format(report, null));

        Assert.Equal("UNKNOWN - invalid config:   zookeeper[0].servers (line 3): is empty", output.Text);
        Assert.Empty(output.PerfData);
        Assert.Empty(output.LongText);
    }

    [Theory]
    [InlineData(0.00001, "x=0")]
    [InlineData(-0.25, "x=-0.25")]
    [InlineData(123456789012.5, "x=123456789012.5")]
    public void Values_are_plain_decimals_the_guidelines_value_class_allows(double value, string expected)
    {
        var datum = new NagiosPerfDatum("x", value);

        Assert.Equal(expected, datum.ToString());
        Assert.Equal(value, NagiosPluginOutput.ParsePerfData(datum.ToString()).Single().Value!.Value, precision: 3);
    }

    [Fact]
    public void An_undetermined_value_is_U_and_trailing_empty_fields_are_dropped_but_inner_ones_kept()
    {
        Assert.Equal("a=U;5", new NagiosPerfDatum("a", null, "s", "5").ToString());
        Assert.Equal("b=2;;1:;0", new NagiosPerfDatum("b", 2, "", null, "1:", 0).ToString());
        Assert.Equal("'it''s'=1", new NagiosPerfDatum("it's", 1).ToString());
        Assert.Equal("'a_b c'=1", new NagiosPerfDatum("a|b c", 1).ToString());
        var parsed = NagiosPluginOutput.ParsePerfData("a=U;5 b=2;;1:;0 'it''s'=1");
        Assert.Equal(["a", "b", "it's"], parsed.Select(d => d.Label));
        Assert.Null(parsed[0].Value);
    }

    [Theory]
    [InlineData("a b=1")] // a space in an unquoted label
    [InlineData("a=1x")] // not a unit of the guidelines
    [InlineData("a=1e5")] // exponent: not in [-0-9.]
    [InlineData("a=1;5:2")] // range start above end
    [InlineData("'a=1")] // unterminated quote
    public void The_parser_rejects_what_the_guidelines_do_not_allow(string perf) =>
        Assert.Throws<FormatException>(() => NagiosPluginOutput.ParsePerfData(perf));

    private static StatusReport Report(params ClusterReport[] clusters) => new() { Status = MonitorStatus.Ok, GeneratedAt = At, Clusters = clusters };

    private static AlertReport Alert(string name, Severity severity, string summary, string? causedBy = null, AlertState state = AlertState.Firing) => new()
    {
        Name = name, Severity = severity, State = state, Kind = ZooKeeperKind.KindName, Cluster = "zk-realtime", Summary = summary, CausedBy = causedBy,
    };

    private static ZooKeeperEnsembleObservation ZooKeeper(int voters, int serving) =>
        new(new ClusterRef(ZooKeeperKind.KindName, "zk-realtime"), At, Enumerable.Range(0, voters).Select(i => new ZooKeeperMemberResult
        {
            UnitId = $"10.0.0.{i + 1}:2181",
            At = At,
            Duration = TimeSpan.Zero,
            Address = new HostPort($"10.0.0.{i + 1}", 2181),
            State = i < serving ? ZooKeeperMemberState.Serving : ZooKeeperMemberState.Refused,
            Role = i >= serving ? null : i == 0 ? (voters == 1 ? ZooKeeperRole.Standalone : ZooKeeperRole.Leader) : ZooKeeperRole.Follower,
        }).ToList());

    private static KafkaClusterConfig KafkaConfig(string group) => new()
    {
        Name = "events",
        BootstrapServers = "127.0.0.1:9092",
        ConsumerGroups = [new KafkaConsumerGroupConfig(group)],
        Lag = new KafkaLagConfig { Threshold = TimeSpan.FromMinutes(5) },
    };

    private static KafkaGroupLag Group(string name, double lagSeconds) =>
        new(name, null, ConsumerStatus.Ok, 10, lagSeconds, 1, 1, [new KafkaTopicLag("events", ConsumerStatus.Ok, 10, lagSeconds, 1, [])]);

    private static KafkaNicResult Nic(int broker, double transmitMbps) => new()
    {
        UnitId = $"nic-{broker}",
        At = At,
        Duration = TimeSpan.FromMilliseconds(3),
        BrokerId = broker,
        Source = $"http://127.0.0.1:910{broker}/metrics",
        Assessment = new NicAssessment(broker, transmitMbps * 125_000, 50 * 125_000, 1000 * 125_000, "config", 0.8, null),
    };

    private static KafkaClusterObservation Kafka(KafkaClusterConfig config, KafkaGroupLag[] groups, IReadOnlyList<KafkaNicResult> nics)
    {
        var metadata = new KafkaMetadataResult
        {
            UnitId = "metadata",
            At = At,
            Duration = TimeSpan.FromMilliseconds(5),
            Metadata = new KafkaMetadataSnapshot([new KafkaBroker(1, "127.0.0.1", 9091), new KafkaBroker(2, "127.0.0.1", 9092), new KafkaBroker(3, "127.0.0.1", 9093)], []),
            ExpectedBrokerIds = [1, 2, 3],
        };
        var lag = new KafkaLagResult { UnitId = "lag", At = At, Duration = TimeSpan.FromMilliseconds(5), Groups = groups };
        return new KafkaClusterObservation(new ClusterRef(KafkaKind.KindName, config.Name), At,
            new KafkaClusterSettings(config.Lag.Threshold, TimeSpan.FromDays(7), []), metadata, null, lag, nics);
    }

    private static MySqlClusterObservation MySql(long secondsBehind)
    {
        MySqlInstanceResult Instance(string name, MySqlRole role, int port) => new()
        {
            UnitId = name,
            At = At,
            Duration = TimeSpan.FromMilliseconds(4),
            Name = name,
            Role = role,
            Endpoint = $"127.0.0.1:{port}",
            State = MySqlInstanceState.Ok,
            ReadOnly = role == MySqlRole.Replica,
            ReplicationChecked = true,
            Replication = role == MySqlRole.Replica ? new MySqlReplicationStatus { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = secondsBehind } : null,
        };

        return new MySqlClusterObservation(new ClusterRef(MySqlKind.KindName, "orders"), At,
            [Instance("primary-1", MySqlRole.Primary, 3306), Instance("replica-1", MySqlRole.Replica, 3307)], TimeSpan.FromSeconds(30));
    }
}
