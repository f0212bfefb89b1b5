using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Permits;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// Issue 15: restart permits for a ZooKeeper ensemble, on fake time. The broker (runtime) with the ZooKeeper judge,
/// fed hand-built observations as the pipeline would feed it evaluations.
/// </summary>
public sealed class PermitBrokerTests
{
    private const string A = "127.0.0.1:2181";
    private const string B = "127.0.0.1:2182";
    private const string C = "127.0.0.1:2183";
    private const long Epoch = 5L << 32;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private PermitBroker Broker(int members = 3, string permits = "", IPermitStore? store = null)
    {
        var servers = string.Join(", ", Enumerable.Range(0, members).Select(i => $"\"127.0.0.1:{2181 + i}\""));
        var config = MonitorKinds.Config.Parse($"monitor:\n  interval: 1s\n  deadline: 500ms\n{permits}zookeeper:\n  - name: zk-realtime\n    servers: [{servers}]\n");
        return new PermitBroker(store ?? new InMemoryPermitStore(), [new ZooKeeperPermitJudge()], config, _time, NullLogger<PermitBroker>.Instance);
    }

    [Fact]
    public void A_cluster_a_reload_added_takes_permits_from_its_first_evaluation_and_a_removed_one_no_longer()
    {
        // The config the monitor started with knows another ensemble; zk-realtime came with a reload.
        var config = MonitorKinds.Config.Parse("monitor:\n  interval: 1s\n  deadline: 500ms\nzookeeper:\n  - name: zk-other\n    servers: [\"127.0.0.1:3181\"]\n");
        var broker = new PermitBroker(new InMemoryPermitStore(), [new ZooKeeperPermitJudge()], config, _time, NullLogger<PermitBroker>.Instance);
        Assert.Equal(PermitOutcome.NotFound, Ask(broker, A).Outcome);

        broker.OnEvaluated(Observe(), []);
        Assert.Contains("zk-realtime", broker.Clusters);
        Assert.Equal(PermitOutcome.Granted, Ask(broker, A).Outcome);

        broker.OnClusterRemoved(new ClusterRef(ZooKeeperKind.KindName, "zk-realtime"));
        Assert.Equal(PermitOutcome.NotFound, Ask(broker, B).Outcome);
        Assert.DoesNotContain("zk-realtime", broker.Clusters);
    }

    /// <summary>An evaluation now: the members named in <paramref name="down"/> refuse connections; the last serving one leads.</summary>
    private ZooKeeperEnsembleObservation Observe(int members = 3, string[]? down = null, string[]? notServing = null, IReadOnlyDictionary<string, long>? zxids = null)
    {
        var list = new List<ZooKeeperMemberResult>();
        var leader = Enumerable.Range(0, members).LastOrDefault(i => down?.Contains($"127.0.0.1:{2181 + i}") != true && notServing?.Contains($"127.0.0.1:{2181 + i}") != true, -1);
        for (var i = 0; i < members; i++)
        {
            var address = new HostPort("127.0.0.1", 2181 + i);
            var id = address.ToString();
            var state = down?.Contains(id) == true ? ZooKeeperMemberState.Refused
                : notServing?.Contains(id) == true ? ZooKeeperMemberState.NotServing
                : ZooKeeperMemberState.Serving;
            var serving = state == ZooKeeperMemberState.Serving;
            var isLeader = i == leader;
            list.Add(new ZooKeeperMemberResult
            {
                UnitId = id,
                At = _time.GetUtcNow(),
                Duration = TimeSpan.FromMilliseconds(2),
                Address = address,
                State = state,
                Role = serving ? (isLeader ? ZooKeeperRole.Leader : ZooKeeperRole.Follower) : null,
                Zxid = serving ? Epoch + (zxids?.GetValueOrDefault(id) ?? 100) : null,
                LastSeenRole = ZooKeeperRole.Follower,
            });
        }

        return new ZooKeeperEnsembleObservation(new ClusterRef(ZooKeeperKind.KindName, "zk-realtime"), _time.GetUtcNow(), list);
    }

    private static PermitDecision Ask(PermitBroker broker, string member, TimeSpan? ttl = null) =>
        broker.Request(new PermitRequest("zk-realtime", member, ttl, "chef@web-1", "kernel upgrade"));

    [Fact]
    public void A_healthy_ensemble_grants_one_member_and_refuses_the_next_naming_the_held_permit()
    {
        var broker = Broker();
        broker.OnEvaluated(Observe(), []);

        var first = Ask(broker, A);
        Assert.Equal(PermitOutcome.Granted, first.Outcome);
        Assert.Equal(A, first.Permit!.Member);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(15), first.Permit.ExpiresAt);

        var second = Ask(broker, B);
        Assert.Equal(PermitOutcome.Refused, second.Outcome);
        Assert.Equal($"zk-realtime tolerates 0 more failures: {A} is under permit #{first.Permit.Id} held by chef@web-1: kernel upgrade", second.Reason);
        Assert.NotNull(second.Remedy);
        Assert.Single(broker.List(), p => p.IsHeld);
    }

    [Fact]
    public void A_member_already_down_blocks_a_permit_for_another_with_the_reason_in_words()
    {
        var broker = Broker();
        broker.OnEvaluated(Observe(down: [B]), []);

        var d = Ask(broker, A);

        Assert.Equal(PermitOutcome.Refused, d.Outcome);
        Assert.Equal($"zk-realtime tolerates 0 more failures: {B} is down", d.Reason);
    }

    [Fact]
    public void A_member_not_serving_blocks_a_permit_too()
    {
        var broker = Broker(members: 5);
        broker.OnEvaluated(Observe(members: 5, notServing: [C]), []);

        var d = Ask(broker, A);

        Assert.Equal(PermitOutcome.Refused, d.Outcome);
        Assert.Equal($"zk-realtime tolerates 1 more failures: {C} is not serving", d.Reason);
    }

    [Fact]
    public void The_permit_ends_when_its_member_serves_again_after_being_seen_down_and_the_next_is_granted()
    {
        var broker = Broker();
        broker.OnEvaluated(Observe(), []);
        var first = Ask(broker, A).Permit!;

        // Serving all along (the restart has not started): still held.
        _time.Advance(TimeSpan.FromSeconds(1));
        broker.OnEvaluated(Observe(), []);
        Assert.True(broker.List().Single().IsHeld);

        _time.Advance(TimeSpan.FromSeconds(1));
        broker.OnEvaluated(Observe(down: [A]), []);
        Assert.True(broker.List().Single().SeenDown);
        Assert.Equal(PermitOutcome.Refused, Ask(broker, B).Outcome);

        // Back but still joining: not yet.
        _time.Advance(TimeSpan.FromSeconds(1));
        broker.OnEvaluated(Observe(notServing: [A]), []);
        Assert.True(broker.List().Single().IsHeld);

        // Serving again but far behind the leader's zxid: not yet either.
        _time.Advance(TimeSpan.FromSeconds(1));
        broker.OnEvaluated(Observe(zxids: new Dictionary<string, long> { [A] = 100, [B] = 100, [C] = 100 + ZooKeeperPermitJudge.MaxZxidLag + 5 }), []);
        Assert.True(broker.List().Single().IsHeld);

        _time.Advance(TimeSpan.FromSeconds(1));
        broker.OnEvaluated(Observe(), []);
        var ended = broker.List().Single(p => p.Id == first.Id);
        Assert.Equal(PermitState.Released, ended.State);
        Assert.Equal(_time.GetUtcNow(), ended.EndedAt);

        Assert.Equal(PermitOutcome.Granted, Ask(broker, B).Outcome);
    }

    [Fact]
    public void A_lease_that_runs_out_expires_the_permit_and_frees_the_slot()
    {
        var broker = Broker();
        broker.OnEvaluated(Observe(), []);
        var first = Ask(broker, A, TimeSpan.FromMinutes(2)).Permit!;

        _time.Advance(TimeSpan.FromMinutes(2));
        broker.OnEvaluated(Observe(), []);

        var expired = broker.List().Single(p => p.Id == first.Id);
        Assert.Equal(PermitState.Expired, expired.State);
        Assert.Equal(PermitOutcome.Granted, Ask(broker, B).Outcome);
    }

    [Fact]
    public void A_stale_evaluation_is_no_evidence_for_a_grant()
    {
        var broker = Broker();
        Assert.Equal(PermitOutcome.Refused, Ask(broker, A).Outcome); // never evaluated
        broker.OnEvaluated(Observe(), []);

        _time.Advance(TimeSpan.FromSeconds(4)); // 3 x 1s interval + 500ms deadline
        var d = Ask(broker, A);

        Assert.Equal(PermitOutcome.Refused, d.Outcome);
        Assert.Contains("last evaluation is 4s old", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_margin_refuses_what_quorum_alone_would_allow()
    {
        var three = Broker(permits: "permits:\n  minFaultToleranceAfter: 1\n");
        three.OnEvaluated(Observe(), []);
        var d = Ask(three, A);
        Assert.Equal(PermitOutcome.Refused, d.Outcome);
        Assert.Equal($"with {A} down zk-realtime would tolerate 0 more failures; permits.minFaultToleranceAfter asks for 1", d.Reason);

        var five = Broker(members: 5, permits: "permits:\n  minFaultToleranceAfter: 1\n");
        five.OnEvaluated(Observe(members: 5), []);
        Assert.Equal(PermitOutcome.Granted, Ask(five, A).Outcome);
        Assert.Equal(PermitOutcome.Refused, Ask(five, B).Outcome);
    }

    [Fact]
    public void A_single_member_ensemble_never_gets_a_permit()
    {
        var broker = Broker(members: 1);
        broker.OnEvaluated(Observe(members: 1), []);

        var d = Ask(broker, A);

        Assert.Equal(PermitOutcome.Refused, d.Outcome);
        Assert.Equal($"with {A} down zk-realtime would lose its quorum (0 of 1 voters serving, 1 needed)", d.Reason);
    }

    [Fact]
    public void Unknown_clusters_members_and_overlong_leases_are_told_apart_from_refusals()
    {
        var broker = Broker();
        broker.OnEvaluated(Observe(), []);

        Assert.Equal(PermitOutcome.NotFound, broker.Request(new PermitRequest("zk-other", A, null, "h", "r")).Outcome);
        var member = Ask(broker, "127.0.0.1:9999");
        Assert.Equal(PermitOutcome.NotFound, member.Outcome);
        Assert.Contains("no member '127.0.0.1:9999'", member.Reason, StringComparison.Ordinal);
        var ttl = Ask(broker, A, TimeSpan.FromHours(5));
        Assert.Equal(PermitOutcome.Invalid, ttl.Outcome);
        Assert.Contains("permits.maxTtl", ttl.Reason, StringComparison.Ordinal);
        Assert.Empty(broker.List());
    }

    [Fact]
    public void Releasing_early_frees_the_slot_and_a_second_release_changes_nothing()
    {
        var broker = Broker();
        broker.OnEvaluated(Observe(), []);
        var first = Ask(broker, A).Permit!;

        Assert.Equal(PermitState.Released, broker.Release(first.Id)!.State);
        Assert.Equal(PermitState.Released, broker.Release(first.Id)!.State);
        Assert.Null(broker.Release(first.Id + 100));
        Assert.Equal(PermitOutcome.Granted, Ask(broker, B).Outcome);
    }

    [Fact]
    public void Concurrent_requests_for_every_member_grant_exactly_one()
    {
        var broker = Broker();
        broker.OnEvaluated(Observe(), []);

        var decisions = new PermitDecision[3];
        Parallel.For(0, 3, i => decisions[i] = Ask(broker, $"127.0.0.1:{2181 + i}"));

        Assert.Single(decisions, d => d.Outcome == PermitOutcome.Granted);
        Assert.Equal(2, decisions.Count(d => d.Outcome == PermitOutcome.Refused && d.Reason!.Contains("is under permit #1", StringComparison.Ordinal)));
    }

    private static SqlitePermitStore OpenStore(string path) => SqlitePermitStore.Open(path, NullLogger<SqlitePermitStore>.Instance);

    [Fact]
    public void Permits_in_the_state_file_outlive_the_monitor_and_still_end_at_their_lease()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("qm-permits-").FullName, "state.db");
        long id;
        DateTimeOffset expires;
        using (var store = OpenStore(path))
        {
            var before = Broker(store: store);
            before.OnEvaluated(Observe(), []);
            var permit = Ask(before, A, TimeSpan.FromMinutes(10)).Permit!;
            (id, expires) = (permit.Id, permit.ExpiresAt);
            _time.Advance(TimeSpan.FromSeconds(1));
            before.OnEvaluated(Observe(down: [A]), []);
            Assert.True(before.List().Single().SeenDown);
        }

        // A new monitor on the same file, three minutes later (no shutdown code ran for the old one, as after SIGKILL).
        _time.Advance(TimeSpan.FromMinutes(3));
        using (var store = OpenStore(path))
        {
            var after = Broker(store: store);
            var held = Assert.Single(after.List());
            Assert.Equal((id, expires, "chef@web-1", "kernel upgrade"), (held.Id, held.ExpiresAt, held.Holder, held.Reason));
            Assert.True(held.IsHeld);
            Assert.True(held.SeenDown);
            Assert.Equal(A, Assert.Single(after.For("zk-realtime")).Member);

            // Honoured: the other members are refused while it is held, on the new monitor's first evaluation.
            after.OnEvaluated(Observe(down: [A]), []);
            var refused = Ask(after, B);
            Assert.Equal(PermitOutcome.Refused, refused.Outcome);
            Assert.Contains($"permit #{id} held by chef@web-1", refused.Reason, StringComparison.Ordinal);

            // And it ends at its lease, not ten minutes after the restart.
            _time.Advance(expires - _time.GetUtcNow() - TimeSpan.FromSeconds(1));
            after.OnEvaluated(Observe(down: [A]), []);
            Assert.True(after.List().Single().IsHeld);
            _time.Advance(TimeSpan.FromSeconds(1));
            after.OnEvaluated(Observe(down: [A]), []);
            Assert.Equal(PermitState.Expired, after.List().Single().State);
            Assert.Empty(after.For("zk-realtime"));
        }

        // The end is stored too, and ids carry on from the file.
        using (var store = OpenStore(path))
        {
            var third = Broker(store: store);
            Assert.Equal(PermitState.Expired, Assert.Single(third.List()).State);
            third.OnEvaluated(Observe(), []);
            Assert.Equal(id + 1, Ask(third, B).Permit!.Id);
        }
    }

    [Fact]
    public void A_state_file_that_is_not_a_database_is_a_config_error_naming_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("qm-permits-").FullName, "state.db");
        File.WriteAllText(path, "this is not a SQLite database, it is long enough to have a header that is wrong\n");

        var error = Assert.Throws<ConfigException>(() => OpenStore(path));

        Assert.Contains("notify.stateFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot keep restart permits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permits_and_every_grant_and_refusal_are_counted_on_metrics_without_series_from_request_text()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var broker = Broker();
        var metrics = new PermitMetrics(registry, broker);
        broker.OnEvaluated(Observe(), []);
        foreach (var request in new[] { new PermitRequest("zk-realtime", A, null, "chef@a", "r"), new PermitRequest("zk-realtime", B, null, "chef@b", "r"), new PermitRequest("no-such-cluster", A, null, "chef@c", "r") })
        {
            metrics.Decided(request, broker.Request(request));
        }

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("quorum_monitor_permits{cluster=\"zk-realtime\",state=\"held\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_permits{cluster=\"zk-realtime\",state=\"expired\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_permit_requests_total{cluster=\"zk-realtime\",outcome=\"granted\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_permit_requests_total{cluster=\"zk-realtime\",outcome=\"refused\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_permit_requests_total{cluster=\"\",outcome=\"not-found\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-cluster", text, StringComparison.Ordinal);
    }
}
