using System.Globalization;
using System.Net.Sockets;
using System.Text;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;
using QuorumMonitor.ZooKeeper.Config;

namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>
/// A real ZooKeeper ensemble (Debian's 3.8 jars) of N members on free loopback ports, with the 4lw whitelist and
/// the AdminServer on. Disposing it kills every member by pid.
/// </summary>
public sealed class ZooKeeperEnsemble : IDisposable
{
    private readonly LabDirectory? _ownedDirectory;

    private ZooKeeperEnsemble(IReadOnlyList<ZooKeeperNode> members, LabDirectory? ownedDirectory)
    {
        Members = members;
        _ownedDirectory = ownedDirectory;
    }

    public IReadOnlyList<ZooKeeperNode> Members { get; }

    /// <summary>Writes configs and starts all members; <see cref="WaitForQuorumAsync"/> waits for a leader.</summary>
    /// <param name="observers">How many of the members (the last ones) are observers: <c>peerType=observer</c>.</param>
    /// <param name="fourLetterWords">The <c>4lw.commands.whitelist</c>; <c>srvr</c> alone sends mntr to the AdminServer.</param>
    public static ZooKeeperEnsemble Start(int size, FreePorts ports, LabDirectory? directory = null, string name = "zk",
        int observers = 0, string fourLetterWords = "*")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(observers);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(observers, size);
        var owned = directory is null ? new LabDirectory() : null;
        var lab = directory ?? owned!;
        var peers = Enumerable.Range(1, size).Select(_ => (Peer: ports.Next(), Election: ports.Next())).ToList();
        var members = new List<ZooKeeperNode>();
        var servers = new StringBuilder();
        for (var i = 0; i < size; i++)
        {
            var observer = i >= size - observers ? ":observer" : "";
            servers.Append(CultureInfo.InvariantCulture, $"server.{i + 1}=127.0.0.1:{peers[i].Peer}:{peers[i].Election}{observer}\n");
        }

        for (var i = 0; i < size; i++)
        {
            var id = i + 1;
            var node = new ZooKeeperNode($"{name}-{id}", id, ports.Next(), ports.Next(), lab.Sub($"{name}-{id}"), lab.PidDir)
            {
                IsObserver = i >= size - observers,
            };
            var data = Path.Combine(node.Directory, "data");
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "myid"), id.ToString(CultureInfo.InvariantCulture));
            var config = new StringBuilder()
                .Append("tickTime=500\ninitLimit=10\nsyncLimit=5\n")
                .Append(CultureInfo.InvariantCulture, $"dataDir={data}\n")
                .Append(CultureInfo.InvariantCulture, $"clientPort={node.ClientPort}\nclientPortAddress=127.0.0.1\n")
                .Append(CultureInfo.InvariantCulture, $"admin.enableServer=true\nadmin.serverAddress=127.0.0.1\nadmin.serverPort={node.AdminPort}\n")
                .Append(CultureInfo.InvariantCulture, $"4lw.commands.whitelist={fourLetterWords}\n")
                .Append(node.IsObserver ? "peerType=observer\n" : "")
                .Append(size > 1 ? servers.ToString() : "");
            File.WriteAllText(node.ConfigFile, config.ToString());
            members.Add(node);
        }

        var ensemble = new ZooKeeperEnsemble(members, owned);
        try
        {
            foreach (var m in members)
            {
                m.Start();
            }
        }
        catch
        {
            ensemble.Dispose();
            throw;
        }

        return ensemble;
    }

    public IReadOnlyList<HostPort> Servers => Members.Select(m => m.Address).ToList();

    /// <summary>The monitor's config entry for this ensemble.</summary>
    public ZooKeeperClusterConfig ToConfig(string name, bool withAdmin = true, bool declareObservers = false) => new()
    {
        Name = name,
        Servers = Servers,
        AdminUrls = withAdmin ? Members.Select(m => m.AdminUrl).ToList() : [],
        Observers = declareObservers ? Observers.Select(m => m.Address).ToList() : [],
    };

    public IReadOnlyList<ZooKeeperNode> Observers => Members.Where(m => m.IsObserver).ToList();

    public IReadOnlyList<ZooKeeperNode> Voters => Members.Where(m => !m.IsObserver).ToList();

    /// <summary>The same entry as YAML, for config files.</summary>
    /// <param name="adminUrls">The AdminServer URLs to list, one per member; default: the members' own.</param>
    /// <param name="declareObservers">Also list the observers under <c>observers:</c>.</param>
    public string ToYaml(string name, TimeSpan? deadline = null, IReadOnlyList<string>? adminUrls = null, bool declareObservers = false)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n");
        sb.Append("    servers: [").AppendJoin(", ", Members.Select(m => $"\"{m.Address}\"")).Append("]\n");
        var admins = adminUrls ?? Members.Select(m => m.AdminUrl.ToString()).ToList();
        sb.Append("    adminUrls: [").AppendJoin(", ", admins.Select(u => $"\"{u}\"")).Append("]\n");
        if (declareObservers && Observers.Count > 0)
        {
            sb.Append("    observers: [").AppendJoin(", ", Observers.Select(m => $"\"{m.Address}\"")).Append("]\n");
        }

        if (deadline is { } d)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    deadline: {(int)d.TotalMilliseconds}ms\n");
        }

        return sb.ToString();
    }

    /// <summary>Waits until exactly one running member leads and every other running member follows (or observes).</summary>
    public async Task WaitForQuorumAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var last = "";
        while (true)
        {
            var modes = new List<string>();
            foreach (var m in Members.Where(m => m.IsRunning))
            {
                modes.Add(await ModeAsync(m.Address, cts.Token).ConfigureAwait(false));
            }

            last = string.Join(", ", modes);
            var leaders = modes.Count(x => x is "leader" or "standalone");
            if (leaders == 1 && modes.All(x => x is "leader" or "follower" or "observer" or "standalone"))
            {
                return;
            }

            try
            {
                await Task.Delay(200, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"ensemble has no quorum after {timeout}: {last}");
            }
        }
    }

    /// <summary>The member that answers <c>srvr</c> as leader (or standalone) now, if any.</summary>
    public async Task<ZooKeeperNode?> FindLeaderAsync(CancellationToken cancellationToken = default)
    {
        foreach (var m in Members.Where(m => m.IsRunning))
        {
            if (await ModeAsync(m.Address, cancellationToken).ConfigureAwait(false) is "leader" or "standalone")
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>
    /// Waits until a member answers <c>srvr</c> as not serving: a survivor of a quorum loss keeps its old role until its
    /// own timeouts notice the others are gone, and how soon that is depends on the machine's load.
    /// </summary>
    public static async Task WaitUntilNotServingAsync(ZooKeeperNode member, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var until = TimeProvider.System.GetUtcNow() + timeout;
        var last = "";
        while ((last = await ModeAsync(member.Address, cancellationToken).ConfigureAwait(false)) != "not-serving")
        {
            if (TimeProvider.System.GetUtcNow() > until)
            {
                throw new TimeoutException($"{member.Address} still answers as {last} after {timeout}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until <paramref name="leader"/>'s mntr counts <paramref name="followers"/> synced followers (or fewer):
    /// a frozen follower stays synced until the leader drops it (syncLimit x tickTime), and until then the monitor
    /// trusts the leader's view over its own timeout (issue 16).
    /// </summary>
    public static async Task WaitForSyncedFollowersAsync(ZooKeeperNode leader, int followers, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var until = TimeProvider.System.GetUtcNow() + timeout;
        long? last = null;
        while (true)
        {
            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                probe.CancelAfter(TimeSpan.FromSeconds(1));
                last = MntrAnswer.Parse(await FourLetterWordClient.AskAsync(leader.Address, "mntr", probe.Token).ConfigureAwait(false)).Long("synced_followers");
                if (last <= followers)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or FormatException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not answering this time: ask again.
            }

            if (TimeProvider.System.GetUtcNow() > until)
            {
                throw new TimeoutException($"{leader.Address} still counts {last} synced followers after {timeout}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var m in Members)
        {
            m.Dispose();
        }

        _ownedDirectory?.Dispose();
    }

    private static async Task<string> ModeAsync(HostPort address, CancellationToken cancellationToken)
    {
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(TimeSpan.FromSeconds(1));
            var answer = await FourLetterWordClient.AskAsync(address, "srvr", probe.Token).ConfigureAwait(false);
            if (FourLetterWordAnswers.IsNotServing(answer))
            {
                return "not-serving";
            }

            return SrvrAnswer.Parse(answer).Role?.ToString().ToLowerInvariant() ?? "unknown";
        }
        catch (Exception ex) when (ex is SocketException or FormatException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "down";
        }
    }
}
