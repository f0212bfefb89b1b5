using System.Diagnostics;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>Every process the lab starts dies with its owner: tests must never leak servers.</summary>
public class LabCleanupTests
{
    [Fact]
    public void Disposing_an_ensemble_kills_every_member_by_pid()
    {
        using var dir = new LabDirectory();
        var zk = ZooKeeperEnsemble.Start(1, new FreePorts(), dir, "cleanup");
        var pid = zk.Members[0].Pid!.Value;
        Assert.True(IsAlive(pid));

        zk.Dispose();

        Assert.False(IsAlive(pid));
    }

    [Fact]
    public void Disposing_the_lab_directory_kills_servers_whose_owner_forgot_them()
    {
        var dir = new LabDirectory();
        var zk = ZooKeeperEnsemble.Start(1, new FreePorts(), dir, "forgotten");
        var pid = zk.Members[0].Pid!.Value;
        zk.Members[0].Freeze();

        dir.Dispose();

        Assert.False(IsAlive(pid));
        GC.KeepAlive(zk);
    }

    [Fact]
    public void Disposing_the_lab_directory_kills_a_helper_a_server_forked_without_a_pid_file()
    {
        // As Galera's wsrep_sst_rsync forks an rsync daemon: a process nobody registered whose command line names the lab.
        var dir = new LabDirectory();
        var file = Path.Combine(dir.Sub("sst"), "rsyncd.conf");
        File.WriteAllText(file, "");
        using var helper = Process.Start(new ProcessStartInfo("tail", ["-f", file]) { UseShellExecute = false })!;
        using var outside = Process.Start(new ProcessStartInfo("tail", ["-f", "/dev/null"]) { UseShellExecute = false })!;
        try
        {
            Assert.True(IsAlive(helper.Id));

            dir.Dispose();

            Assert.False(IsAlive(helper.Id));
            Assert.True(IsAlive(outside.Id), "a process that does not name the lab's folder is left alone");
        }
        finally
        {
            outside.Kill();
            if (!helper.HasExited)
            {
                helper.Kill();
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                if (p.HasExited)
                {
                    return false;
                }
            }
            catch (ArgumentException)
            {
                return false;
            }

            // A killed child is reaped asynchronously; give it a moment before calling it alive.
            Thread.Sleep(20);
        }

        return true;
    }
}
