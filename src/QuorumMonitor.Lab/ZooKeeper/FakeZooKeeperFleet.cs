using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>
/// Many ZooKeeper ensembles at the price of a few sockets: every member is a loopback listener that answers
/// <c>srvr</c> and <c>mntr</c> the way a ZooKeeper 3.8 member does (one word per connection, then it closes), so the
/// monitor can be run against thousands of healthy members on one machine. Members can be stopped (refused) or
/// frozen (accepted, never answered) to inject a real fault into the fleet. Not a ZooKeeper: no sessions, no znodes.
/// </summary>
public sealed class FakeZooKeeperFleet : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<FakeZooKeeperMember> _members;
    private readonly List<Task> _loops;

    private FakeZooKeeperFleet(int ensembles, int membersPerEnsemble)
    {
        Ensembles = ensembles;
        MembersPerEnsemble = membersPerEnsemble;
        _members = new List<FakeZooKeeperMember>(ensembles * membersPerEnsemble);
        for (var e = 0; e < ensembles; e++)
        {
            for (var m = 0; m < membersPerEnsemble; m++)
            {
                _members.Add(new FakeZooKeeperMember(leader: m == 0, membersPerEnsemble));
            }
        }

        _loops = _members.Select(m => m.ServeAsync(_stop.Token)).ToList();
    }

    public int Ensembles { get; }

    public int MembersPerEnsemble { get; }

    /// <summary>How many words the fleet has answered; a benchmark's count of probes that reached a member.</summary>
    public long Answered => _members.Sum(m => m.Answered);

    /// <summary>Binds every member on a free loopback port of the kernel's choosing.</summary>
    public static FakeZooKeeperFleet Start(int ensembles, int membersPerEnsemble = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ensembles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(membersPerEnsemble, 1);
        return new FakeZooKeeperFleet(ensembles, membersPerEnsemble);
    }

    public static string EnsembleName(int ensemble) => string.Create(CultureInfo.InvariantCulture, $"fleet-{ensemble:D5}");

    public FakeZooKeeperMember Member(int ensemble, int member) => _members[(ensemble * MembersPerEnsemble) + member];

    /// <summary>
    /// A real fault for a benchmark at scale: every member of <paramref name="ensemble"/> but the first stops (refused,
    /// like killed JVMs) and the first answers "not currently serving", as the survivor of a lost quorum does.
    /// </summary>
    public void LoseQuorum(int ensemble)
    {
        Member(ensemble, 0).LoseQuorum();
        for (var m = 1; m < MembersPerEnsemble; m++)
        {
            Member(ensemble, m).Stop();
        }
    }

    /// <summary>Undoes <see cref="LoseQuorum"/>: every member of <paramref name="ensemble"/> listens and serves again.</summary>
    public void RegainQuorum(int ensemble)
    {
        for (var m = 0; m < MembersPerEnsemble; m++)
        {
            Member(ensemble, m).Start();
            Member(ensemble, m).RegainQuorum();
        }
    }

    /// <summary>The <c>zookeeper:</c> section for the whole fleet (no session check: the fake members have no sessions).</summary>
    public string ZooKeeperYaml()
    {
        var sb = new StringBuilder("zookeeper:\n");
        for (var e = 0; e < Ensembles; e++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  - name: {EnsembleName(e)}\n    sessionCheck: false\n    servers: [");
            for (var m = 0; m < MembersPerEnsemble; m++)
            {
                sb.Append(m == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"\"127.0.0.1:{Member(e, m).Port}\"");
            }

            sb.Append("]\n");
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var m in _members)
        {
            m.Dispose();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
