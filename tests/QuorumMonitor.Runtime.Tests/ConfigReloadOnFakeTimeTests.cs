using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Host;
using QuorumMonitor.Incidents;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.Runtime.Reload;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.Runtime.Tests;

/// <summary>
/// Issue 18, scope 3, on fake time: the reload logic itself. Applying a reload keeps an unchanged cluster's alert
/// trackers and open incident (same id, same timeline, not announced again), swaps a changed cluster's monitor
/// keeping its alerts, holds an added cluster's pages for a start-up hold of its own, resolves a removed cluster's
/// incident with a note and drops its series; a result still in flight for a retired cluster is dropped.
/// </summary>
public sealed class ConfigReloadOnFakeTimeTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StartupHold = TimeSpan.FromSeconds(10);

    private sealed class FakeMember(string cluster, int port, TimeSpan deadline) : IProbeUnit
    {
        public string Id => $"{cluster}-{port}:2181";

        public TimeSpan Deadline => deadline;

        public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("these tests record results themselves");

        public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => throw new InvalidOperationException("not probed");
    }

    private sealed class FakeEnsemble(string name, TimeSpan deadline) : IClusterMonitor
    {
        public ClusterRef Cluster { get; } = new(ZooKeeperKind.KindName, name);

        public IReadOnlyList<IProbeUnit> Units { get; } = [.. Enumerable.Range(1, 3).Select(p => new FakeMember(name, p, deadline))];

        public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at) =>
            new ZooKeeperEnsembleObservation(Cluster, at, results.OfType<ZooKeeperMemberResult>().ToList());
    }

    private sealed class Announcements : IIncidentListener
    {
        public List<IncidentChange> Changes { get; } = [];

        public void OnIncidentChanged(IncidentChange change) => Changes.Add(change);
    }

    private sealed class Harness : IDisposable
    {
        private readonly ServiceProvider _services;

        public Harness(params string[] clusters)
        {
            var config = new MonitorConfig
            {
                Monitor = new MonitorSettings { ConfirmRounds = 1, ResolveRounds = 1 },
                Correlation = new CorrelationSettings { StartupHold = StartupHold },
            };
            var services = new ServiceCollection()
                .AddSingleton<TimeProvider>(Time)
                .AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services
                .AddSingleton<IIncidentListener>(Announced)
                .AddSingleton(Metrics.NewCustomRegistry())
                .AddSingleton<MonitorMetrics>()
                .AddSingleton<IMonitorListener>(sp => sp.GetRequiredService<MonitorMetrics>());
            foreach (var name in clusters)
            {
                services.AddSingleton<IClusterMonitor>(new FakeEnsemble(name, TimeSpan.FromSeconds(2)));
            }

            _services = services.BuildServiceProvider();

            // The tracker's own start-up hold runs from when it is built: build it at the start, as the host does.
            _ = Incidents;
        }

        public FakeTimeProvider Time { get; } = new(Start);

        public Announcements Announced { get; } = new();

        public MonitorRuntime Runtime => _services.GetRequiredService<MonitorRuntime>();

        public IncidentTracker Incidents => _services.GetRequiredService<IncidentTracker>();

        public RuleEvaluator Rules => _services.GetRequiredService<RuleEvaluator>();

        public CollectorRegistry Registry => _services.GetRequiredService<CollectorRegistry>();

        public int IndexOf(string cluster) => Runtime.ActiveClusters()[new ClusterRef(ZooKeeperKind.KindName, cluster)];

        /// <summary>One whole round of <paramref name="cluster"/>: member 3 refused when <paramref name="memberDown"/>.</summary>
        public async Task RoundAsync(string cluster, bool memberDown)
        {
            var index = IndexOf(cluster);
            await PublishRoundAsync(index, memberDown);
        }

        public async Task PublishRoundAsync(int index, bool memberDown)
        {
            var publisher = _services.GetRequiredService<IPublisher>();
            var units = Runtime.Clusters[index].Units;
            for (var u = 0; u < units.Count; u++)
            {
                var state = memberDown && u == 2 ? ZooKeeperMemberState.Refused : ZooKeeperMemberState.Serving;
                await publisher.Publish(new ProbeResultObserved(index, u, new ZooKeeperMemberResult
                {
                    UnitId = units[u].Id,
                    At = Time.GetUtcNow(),
                    Duration = TimeSpan.Zero,
                    Address = new HostPort($"10.0.{index}.{u + 1}", 2181),
                    State = state,
                    Role = state == ZooKeeperMemberState.Serving ? (u == 0 ? ZooKeeperRole.Leader : ZooKeeperRole.Follower) : null,
                }));
            }

            await publisher.Publish(EvaluationDue.Instance);
        }

        public void Apply(ClusterSetDiff diff, params IClusterMonitor[] monitors) =>
            _services.GetRequiredService<ApplyConfigReloadHandler>().Apply(
                new ApplyConfigReload(diff, monitors.ToDictionary(m => m.Cluster), new Topology()));

        public async Task<string> MetricsAsync()
        {
            using var stream = new MemoryStream();
            await Registry.CollectAndExportAsTextAsync(stream);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        public void Dispose() => _services.Dispose();
    }

    private static ClusterRef Zk(string name) => new(ZooKeeperKind.KindName, name);

    private static MonitorConfig Parse(string yaml) => MonitorKinds.Config.Parse(yaml);

    [Fact]
    public void Diff_tells_unchanged_changed_added_and_removed_clusters_apart_by_their_content()
    {
        var running = Parse("""
            zookeeper:
              - name: a
                servers: ["127.0.0.1:2181"]
              - name: b
                servers: ["127.0.0.1:2281"]
              - name: d
                servers: ["127.0.0.1:2481"]
            """);
        var next = Parse("""
            zookeeper:
              - name: a
                servers: ["127.0.0.1:2181"]
              - name: b
                servers: ["127.0.0.1:2281"]
                deadline: 500ms
              - name: c
                servers: ["127.0.0.1:2381"]
            """);

        var diff = ClusterSetDiff.Between(running, next);

        Assert.Equal([Zk("a")], diff.Unchanged);
        Assert.Equal([Zk("b")], diff.Changed);
        Assert.Equal([Zk("c")], diff.Added);
        Assert.Equal([Zk("d")], diff.Removed);
        Assert.True(ClusterSetDiff.Between(running, running).IsEmpty);
    }

    [Fact]
    public void Every_kinds_cluster_config_compares_by_content_so_a_second_load_of_the_same_file_changes_nothing()
    {
        Environment.SetEnvironmentVariable("RELOAD_TEST_GALERA_PASSWORD", "not-compared-itself");
        const string yaml = """
            zookeeper:
              - name: zk
                servers: ["127.0.0.1:2181", "127.0.0.1:2182", "127.0.0.1:2183"]
                observers: ["127.0.0.1:2183"]
            mysql:
              - name: db
                dependsOn: [zk]
                instances:
                  - name: primary
                    role: primary
                    connectionString: "Server=127.0.0.1;Port=3306;User ID=monitor"
            kafka:
              - name: events
                bootstrapServers: "127.0.0.1:9092"
                dependsOn: [zk]
                consumerGroups: [billing, {name: reports, sink: db}]
                lag: {threshold: 5m}
            galera:
              - name: shop
                nodes: ["127.0.0.1:3306", "127.0.0.1:3307", "127.0.0.1:3308"]
                user: monitor
                passwordEnv: RELOAD_TEST_GALERA_PASSWORD
            """;

        var same = ClusterSetDiff.Between(Parse(yaml), Parse(yaml));
        var laggier = ClusterSetDiff.Between(Parse(yaml), Parse(yaml.Replace("threshold: 5m", "threshold: 10m", StringComparison.Ordinal)));

        Assert.Equal(4, same.Unchanged.Count);
        Assert.True(same.IsEmpty, same.ToString());
        Assert.Equal([new ClusterRef("kafka", "events")], laggier.Changed);
        Assert.Equal(3, laggier.Unchanged.Count);
    }

    [Fact]
    public void A_change_to_a_start_up_only_section_is_named_and_a_changed_api_token_counts_as_a_change()
    {
        const string clusters = """
            zookeeper:
              - name: a
                servers: ["127.0.0.1:2181"]
            """;
        var running = Parse(clusters);
        var slower = Parse("monitor:\n  interval: 10s\n" + clusters);
        var withToken = running with { Api = new ApiSettings { Tokens = [new Secret("one")] } };
        var otherToken = running with { Api = new ApiSettings { Tokens = [new Secret("two")] } };

        Assert.Empty(StartupOnlySections.Changed(running, Parse(clusters)));
        Assert.Equal("monitor", Assert.Single(StartupOnlySections.Changed(running, slower)).Path);
        Assert.Equal("api", Assert.Single(StartupOnlySections.Changed(withToken, otherToken)).Path);
        var fingerprint = ConfigFingerprint.Of(otherToken.Api);
        Assert.NotNull(fingerprint);
        Assert.DoesNotContain("two", fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_keeps_an_open_incident_as_it_was_and_swaps_a_changed_cluster_keeping_its_alerts()
    {
        using var h = new Harness("a", "b");
        await h.RoundAsync("a", memberDown: true);
        await h.RoundAsync("b", memberDown: true);
        h.Time.Advance(StartupHold + TimeSpan.FromSeconds(1));
        await h.RoundAsync("a", memberDown: true);
        await h.RoundAsync("b", memberDown: true);
        var before = h.Incidents.Incidents().Single(i => i.RootCause.Cluster == "a");
        var opened = h.Announced.Changes.Count(c => c.Kind == IncidentChangeKind.Opened);
        Assert.Equal(2, opened);
        var oldB = h.IndexOf("b");

        var newB = new FakeEnsemble("b", TimeSpan.FromMilliseconds(500));
        h.Apply(new ClusterSetDiff([Zk("a")], [Zk("b")], [], []), newB);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.RoundAsync("a", memberDown: true);
        await h.RoundAsync("b", memberDown: true);

        var after = h.Incidents.Incidents().Single(i => i.RootCause.Cluster == "a");
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Timeline, after.Timeline);
        Assert.Equal(opened, h.Announced.Changes.Count(c => c.Kind == IncidentChangeKind.Opened));
        Assert.DoesNotContain(h.Announced.Changes, c => c.Kind == IncidentChangeKind.Resolved);

        // b runs its new monitor (new deadline) at a new index, the old one retired; its alert kept firing throughout.
        Assert.NotEqual(oldB, h.IndexOf("b"));
        Assert.True(h.Runtime.IsRetired(oldB));
        Assert.Same(newB, h.Runtime.Clusters[h.IndexOf("b")]);
        Assert.All(h.Runtime.Clusters[h.IndexOf("b")].Units, u => Assert.Equal(TimeSpan.FromMilliseconds(500), u.Deadline));
        Assert.Contains(h.Rules.Alerts(), a => a.Cluster == "b" && a.State == AlertState.Firing);
        Assert.Single(h.Incidents.Incidents(), i => i.RootCause.Cluster == "b" && i.State == IncidentState.Open);
        Assert.Single(h.Runtime.Report().Clusters, c => c.Name == "b");
    }

    [Fact]
    public async Task An_added_cluster_has_a_start_up_hold_of_its_own()
    {
        using var h = new Harness("a");
        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Apply(new ClusterSetDiff([Zk("a")], [], [Zk("c")], []), new FakeEnsemble("c", TimeSpan.FromSeconds(2)));
        await h.RoundAsync("c", memberDown: true);

        var held = h.Incidents.Incidents().Single(i => i.RootCause.Cluster == "c");
        Assert.Contains("added by a reload", held.HeldBecause, StringComparison.Ordinal);
        Assert.Empty(h.Announced.Changes);

        h.Time.Advance(StartupHold);
        await h.RoundAsync("c", memberDown: true);
        Assert.Equal(held.Id, Assert.Single(h.Announced.Changes, c => c.Kind == IncidentChangeKind.Opened).Incident.Id);
    }

    [Fact]
    public async Task A_removed_cluster_resolves_its_incident_with_a_note_and_its_series_leave_metrics()
    {
        using var h = new Harness("a", "d");
        h.Time.Advance(StartupHold + TimeSpan.FromSeconds(1));
        await h.RoundAsync("a", memberDown: false);
        await h.RoundAsync("d", memberDown: true);
        var incident = Assert.Single(h.Incidents.Incidents());
        Assert.Contains("cluster=\"d\"", await h.MetricsAsync(), StringComparison.Ordinal);
        var oldD = h.IndexOf("d");

        h.Apply(new ClusterSetDiff([Zk("a")], [], [], [Zk("d")]));

        var resolved = Assert.Single(h.Incidents.Incidents());
        Assert.Equal(incident.Id, resolved.Id);
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Contains(resolved.Timeline, e => e.Kind == "removed" && e.Text.Contains("zookeeper/d was removed", StringComparison.Ordinal));
        Assert.Equal(incident.Id, Assert.Single(h.Announced.Changes, c => c.Kind == IncidentChangeKind.Resolved).Incident.Id);
        Assert.DoesNotContain(h.Rules.Alerts(), a => a.Cluster == "d");
        Assert.DoesNotContain(h.Runtime.Report().Clusters, c => c.Name == "d");
        var metrics = await h.MetricsAsync();
        Assert.DoesNotContain("cluster=\"d\"", metrics, StringComparison.Ordinal);
        Assert.Contains("cluster=\"a\"", metrics, StringComparison.Ordinal);

        // A round of d that was in flight when it was removed is dropped: no alert, no series come back.
        await h.PublishRoundAsync(oldD, memberDown: true);
        Assert.DoesNotContain(h.Rules.Alerts(), a => a.Cluster == "d");
        Assert.DoesNotContain("cluster=\"d\"", await h.MetricsAsync(), StringComparison.Ordinal);
    }
}
