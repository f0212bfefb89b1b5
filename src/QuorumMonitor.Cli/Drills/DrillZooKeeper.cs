using System.Diagnostics;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;
using QuorumMonitor.ZooKeeper.Probes.Wire;

namespace QuorumMonitor.Cli.Drills;

/// <summary>The 3-member ZooKeeper 3.8 ensemble the ZooKeeper drills run on, and how they hurt it.</summary>
public static class DrillZooKeeper
{
    public const string Name = "zk-drill";
    public const string Cluster = "zookeeper/" + Name;

    public static async Task<ZooKeeperEnsemble> StartAsync(DrillLab lab, CancellationToken cancellationToken)
    {
        await lab.Progress.WriteLineAsync($"drill: starting a 3-member ZooKeeper ensemble {Name}").ConfigureAwait(false);
        var ensemble = lab.Own(ZooKeeperEnsemble.Start(3, lab.Ports, lab.Directory, Name));
        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
        await WaitSettledAsync(ensemble, lab.Time, cancellationToken).ConfigureAwait(false);
        return ensemble;
    }

    /// <summary>
    /// Until every member serves in the same leader epoch (zxid's high 32 bits) twice in a row: on a new ensemble
    /// that has seen no transaction yet, followers report the zxid of the epoch before, which the monitor rightly
    /// warns about (ZooKeeperLeaderConflict). A client session (its create and close are transactions) moves every
    /// member into the new epoch, as any traffic does on a production ensemble.
    /// </summary>
    private static async Task WaitSettledAsync(ZooKeeperEnsemble ensemble, TimeProvider time, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        var agreed = 0;
        while (agreed < 2)
        {
            if (time.GetUtcNow() > until)
            {
                throw new TimeoutException($"the members of {Name} did not settle on one leader epoch within 60 s");
            }

            if (agreed == 0)
            {
                await TouchAsync(ensemble.Members[0], cancellationToken).ConfigureAwait(false);
            }

            var epochs = new HashSet<long>();
            var serving = 0;
            foreach (var m in ensemble.Members)
            {
                using var ask = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                ask.CancelAfter(TimeSpan.FromSeconds(2));
                try
                {
                    var srvr = SrvrAnswer.Parse(await FourLetterWordClient.AskAsync(m.Address, "srvr", ask.Token).ConfigureAwait(false));
                    if (srvr.Zxid is { } zxid && srvr.Role is ZooKeeperRole.Leader or ZooKeeperRole.Follower)
                    {
                        epochs.Add(zxid >> 32);
                        serving++;
                    }
                }
                catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Not answering yet: not settled.
                }
            }

            agreed = serving == ensemble.Members.Count && epochs.Count == 1 ? agreed + 1 : 0;
            await Task.Delay(TimeSpan.FromMilliseconds(300), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task TouchAsync(ZooKeeperNode member, CancellationToken cancellationToken)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var session = await ZooKeeperSession.ConnectAsync(member.Address.Host, member.Address.Port, TimeSpan.FromSeconds(10), connect.Token).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                await session.CloseAsync(connect.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ZooKeeperProtocolException or ZooKeeperErrorException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Not serving yet: the next round tries again.
        }
    }

    public static string Yaml(ZooKeeperEnsemble ensemble) => "zookeeper:\n" + ensemble.ToYaml(Name);

    /// <summary>SIGKILL to both members before either is reaped: at once, as a host or a rack going.</summary>
    public static string KillAtOnce(IReadOnlyList<ZooKeeperNode> victims)
    {
        var pids = victims.Select(v => v.Pid ?? throw new InvalidOperationException($"{v.Name} is not running")).ToList();
        var processes = pids.Select(Process.GetProcessById).ToList();
        foreach (var p in processes)
        {
            p.Kill();
        }

        foreach (var v in victims)
        {
            v.Kill();
        }

        foreach (var p in processes)
        {
            p.Dispose();
        }

        return "SIGKILL at once to " + string.Join(" and ", victims.Select((v, i) => $"{Name} member {v.Id} (pid {pids[i]})"));
    }

    /// <summary>Starts the killed members again and waits for the ensemble to serve.</summary>
    public static async Task RestartAsync(ZooKeeperEnsemble ensemble, CancellationToken cancellationToken)
    {
        foreach (var m in ensemble.Members.Where(m => !m.IsRunning))
        {
            m.Start();
        }

        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
    }
}
