using System.Reflection;
using QuorumMonitor.Cli.Drills;
using QuorumMonitor.Kafka;
using QuorumMonitor.MySql;
using QuorumMonitor.Notify.Delivery;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 17, scope 2: the drills are the seed outages by name, each listed on one line, and what each expects is an
/// alert the rules really raise (no invented names); the text report shows the figures it promises.
/// </summary>
public sealed class DrillCatalogTests
{
    private static readonly string[] SeedDrills =
    [
        "zk-two-restarts", "zk-frozen-member", "kafka-broker-down", "kafka-consumer-stall", "kafka-unresolvable-host",
        "kafka-nic-creep", "mysql-freeze", "mysql-no-standby", "paging-402", "correlated-zk-kafka",
    ];

    [Fact]
    public async Task Drill_list_prints_every_seed_drill_on_one_line_with_its_summary()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["drill", "list"], stdout, stderr, CancellationToken.None);

        Assert.Equal(0, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SeedDrills, lines.Select(l => l.Split(' ')[0]));
        Assert.All(lines, l => Assert.True(l.Length > 40, $"no summary: '{l}'"));
    }

    [Fact]
    public async Task An_unknown_drill_name_is_exit_3_naming_it_and_runs_nothing()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["drill", "run", "zk-two-restarts", "zk-three-restarts"], stdout, stderr, CancellationToken.None);

        Assert.Equal(3, code);
        Assert.Contains("unknown drill: zk-three-restarts", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public void Every_expected_root_cause_is_an_alert_a_rule_raises()
    {
        var raised = new[] { typeof(ZooKeeperKind).Assembly, typeof(KafkaKind).Assembly, typeof(MySqlKind).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => t.GetField("AlertName", BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true })
            .Select(f => (string)f!.GetRawConstantValue()!)
            .Append(DeliveryFailingAlarm.Alert)
            .ToHashSet();

        Assert.Contains("ZooKeeperQuorumLost", raised);
        Assert.All(DrillCatalog.All.SelectMany(d => d.Expectation.Channels).Where(c => c.RootCause is not null),
            c => Assert.Contains(c.RootCause!, raised));
    }

    [Fact]
    public void Every_drill_pages_somewhere_and_each_paging_channel_expects_exactly_one_incident()
    {
        Assert.All(DrillCatalog.All, d =>
        {
            Assert.Contains(d.Expectation.Channels, c => c.Pages > 0);
            Assert.All(d.Expectation.Channels.Where(c => c.Pages > 0), c => Assert.Equal(1, c.Pages));
            Assert.All(d.Expectation.Channels, c => Assert.Contains(c.Channel, DrillChannels.All));
        });
    }

    [Fact]
    public void The_text_report_shows_fault_time_latency_pages_root_cause_false_pages_and_the_verdict()
    {
        var at = new DateTimeOffset(2026, 12, 1, 18, 22, 33, 738, TimeSpan.Zero);
        var passed = new DrillResult("zk-two-restarts", true, at, "SIGKILL at once to zk-drill member 1 (pid 10) and zk-drill member 2 (pid 11)", 0,
            [
                new ChannelResult("alertmanager", at.AddSeconds(0.929), 0.929, 1, "ZooKeeperQuorumLost", 0, 1, "ZooKeeperQuorumLost", true),
                new ChannelResult("pager", at.AddSeconds(0.91), 0.91, 1, "ZooKeeperQuorumLost", 0, 1, "ZooKeeperQuorumLost", true),
                new ChannelResult("owners", null, null, 0, null, 0, 0, null, true),
            ], [], 25.0);
        var failed = passed with
        {
            Drill = "paging-402",
            Passed = false,
            FalsePagesBeforeFault = 1,
            Channels = [new ChannelResult("pager", null, null, 0, null, 5, 0, null, true)],
            Failures = ["1 page(s) before the fault: ZooKeeperLeaderConflict on pager"],
        };

        var text = DrillReportText.Format([passed, failed]);

        Assert.Contains("DRILL zk-two-restarts: PASS (25.0 s)", text, StringComparison.Ordinal);
        Assert.Contains("fault injected at   2026-12-01T18:22:33.738Z: SIGKILL at once", text, StringComparison.Ordinal);
        Assert.Contains("false pages before  0 (expect 0)", text, StringComparison.Ordinal);
        Assert.Contains("alertmanager  first page +0.929 s, 1 page(s) sent, root cause ZooKeeperQuorumLost (expect 1 named ZooKeeperQuorumLost) ok", text, StringComparison.Ordinal);
        Assert.Contains("owners        no page, 0 page(s) sent (expect none accepted) ok", text, StringComparison.Ordinal);
        Assert.Contains("DRILL paging-402: FAIL", text, StringComparison.Ordinal);
        Assert.Contains("pager         no page, 0 page(s) sent, 5 refused (expect none accepted) ok", text, StringComparison.Ordinal);
        Assert.Contains("FAILED: 1 page(s) before the fault: ZooKeeperLeaderConflict on pager", text, StringComparison.Ordinal);
        Assert.EndsWith("1 of 2 drill(s) passed\n", text, StringComparison.Ordinal);
    }
}
