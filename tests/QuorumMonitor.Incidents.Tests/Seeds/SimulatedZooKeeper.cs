using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Config;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Incidents.Tests.Seeds;

/// <summary>
/// A ZooKeeper ensemble as its member probes see it, on fake time: members run or not; with a quorum of them running
/// one leads and the rest follow, without it the running ones answer but serve nothing (not-serving), and a
/// restarted member's uptime starts again at zero.
/// </summary>
internal sealed class SimulatedZooKeeper
{
    private readonly ZooKeeperClusterConfig _config;
    private readonly TimeProvider _time;
    private readonly ClusterRef _cluster;
    private readonly DateTimeOffset?[] _startedAt;
    private int _epoch = 3;
    private int? _leader;

    public SimulatedZooKeeper(ZooKeeperClusterConfig config, TimeProvider time)
    {
        _config = config;
        _time = time;
        _cluster = new ClusterRef(ZooKeeperKind.KindName, config.Name);

        // Up for days before the replay starts.
        _startedAt = config.Servers.Select(_ => (DateTimeOffset?)time.GetUtcNow().AddDays(-3)).ToArray();
    }

    public HostPort Address(int member) => _config.Servers[member];

    /// <summary>The process of this member (0-based) stops: its client port refuses connections.</summary>
    public void Stop(int member) => _startedAt[member] = null;

    /// <summary>The process of this member starts again now.</summary>
    public void Start(int member) => _startedAt[member] ??= _time.GetUtcNow();

    public ZooKeeperEnsembleObservation Observe()
    {
        var now = _time.GetUtcNow();
        var running = Enumerable.Range(0, _startedAt.Length).Where(i => _startedAt[i] is not null).ToList();
        var quorum = running.Count >= (_startedAt.Length / 2) + 1;
        if (!quorum)
        {
            _leader = null;
        }
        else if (_leader is null || !running.Contains(_leader.Value))
        {
            // A new election: a new leader epoch, as the high 32 bits of every zxid show.
            _leader = running[0];
            _epoch++;
        }

        var members = new List<ZooKeeperMemberResult>(_startedAt.Length);
        for (var i = 0; i < _startedAt.Length; i++)
        {
            var address = _config.Servers[i];
            var state = _startedAt[i] is null ? ZooKeeperMemberState.Refused : quorum ? ZooKeeperMemberState.Serving : ZooKeeperMemberState.NotServing;
            var serving = state == ZooKeeperMemberState.Serving;
            members.Add(new ZooKeeperMemberResult
            {
                UnitId = address.ToString(),
                At = now,
                Duration = TimeSpan.FromMilliseconds(3),
                Address = address,
                State = state,
                Role = serving ? (i == _leader ? ZooKeeperRole.Leader : ZooKeeperRole.Follower) : null,
                Error = state switch
                {
                    ZooKeeperMemberState.Refused => "connection refused",
                    ZooKeeperMemberState.NotServing => "This ZooKeeper instance is not currently serving requests",
                    _ => null,
                },
                Version = "3.9.3",
                Zxid = serving ? ((long)_epoch << 32) | 0x1f4 : null,
                QuorumSize = serving ? _startedAt.Length : null,
                UptimeSeconds = serving ? (now - _startedAt[i]!.Value).TotalSeconds : null,
                MntrAllowed = true,
                SessionOk = _config.SessionCheck ? serving : null,
            });
        }

        return new ZooKeeperEnsembleObservation(_cluster, now, members);
    }
}
