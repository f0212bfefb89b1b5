using System.Diagnostics;
using QuorumMonitor.Lab.ZooKeeper;

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
        return ensemble;
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
