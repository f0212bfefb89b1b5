using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.Galera;

/// <summary>
/// A real 3-node MariaDB Galera cluster on 127.0.0.1: the first node bootstraps a new cluster, the others join one
/// after the other by rsync SST (a donor serves one joiner at a time), each waited for until Synced. A monitor user
/// (USAGE only: the probe reads status and one variable) is created before the joiners, so the SST copies it.
/// </summary>
public sealed class GaleraLabCluster : IDisposable
{
    public const string MonitorUser = "monitor";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An SST of a fresh datadir takes seconds; a loaded 2-core machine may need many more.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(120);

    private GaleraLabCluster(IReadOnlyList<GaleraLabNode> nodes, string passwordFile)
    {
        Nodes = nodes;
        PasswordFile = passwordFile;
    }

    public IReadOnlyList<GaleraLabNode> Nodes { get; }

    /// <summary>The monitor user's password, first line; what <c>passwordFile</c> points at.</summary>
    public string PasswordFile { get; }

    public string ClusterAddress => "gcomm://" + string.Join(",", Nodes.Select(n => n.GroupAddress));

    public static async Task<GaleraLabCluster> StartAsync(FreePorts ports, LabDirectory lab, string name, CancellationToken cancellationToken = default)
    {
        var nodes = Enumerable.Range(1, 3).Select(i => new GaleraLabNode($"{name}-n{i}", i, ports, lab.Sub($"{name}-n{i}"), lab.PidDir)).ToList();
        var passwordFile = Path.Combine(lab.Sub(name), "monitor-password");
        await File.WriteAllTextAsync(passwordFile, $"lab-{Guid.NewGuid():N}\n", cancellationToken).ConfigureAwait(false);
        var cluster = new GaleraLabCluster(nodes, passwordFile);
        try
        {
            var first = nodes[0];
            await first.InstallAsync(cancellationToken).ConfigureAwait(false);
            first.Start(cluster.ClusterAddress, bootstrap: true);
            await first.WaitSyncedAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            var password = (await File.ReadAllLinesAsync(passwordFile, cancellationToken).ConfigureAwait(false))[0];
            await first.ExecuteAsync($"CREATE USER '{MonitorUser}'@'127.0.0.1' IDENTIFIED BY '{password}'", cancellationToken).ConfigureAwait(false);
            await first.ExecuteAsync($"GRANT USAGE ON *.* TO '{MonitorUser}'@'127.0.0.1'", cancellationToken).ConfigureAwait(false);

            // The SST's rsync daemon (as nobody when the lab runs as root) must walk down to the joiner's datadir.
            var labRoot = lab.Root;
            string[] ancestors = [Path.GetDirectoryName(labRoot)!, labRoot];
            foreach (var joiner in nodes.Skip(1))
            {
                await joiner.PrepareJoinerAsync(ancestors, cancellationToken).ConfigureAwait(false);
                joiner.Start(cluster.ClusterAddress, bootstrap: false);
                await joiner.WaitSyncedAsync(JoinTimeout, cancellationToken).ConfigureAwait(false);
            }

            // A joiner is Synced before its donor is: the donor passes through Donor/Desynced and Joined while it
            // catches up on what it queued during the SST. Every caller gets a settled cluster, not one mid-transfer.
            await cluster.WaitAllSyncedAsync(JoinTimeout, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>This cluster as one entry of a <c>galera:</c> config section.</summary>
    public string ToYaml(string name) =>
        $"  - name: {name}\n    user: {MonitorUser}\n    passwordFile: {PasswordFile}\n    nodes:\n"
        + string.Concat(Nodes.Select(n => $"      - \"{n.Endpoint}\"\n"));

    /// <summary>Waits until every running, unfrozen node reports Synced (e.g. after <c>wsrep_desync=OFF</c>).</summary>
    public async Task WaitAllSyncedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        foreach (var node in Nodes.Where(n => n.IsRunning && !n.IsFrozen))
        {
            await node.WaitSyncedAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
