using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Monitor.Core.Config;
using Monitor.Lab.Processes;
using Monitor.Probes.ZooKeeper.FourLetterWords;

namespace Monitor.Lab.ZooKeeper;

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
    public static ZooKeeperEnsemble Start(int size, FreePorts ports, LabDirectory? directory = null, string name = "zk")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var owned = directory is null ? new LabDirectory() : null;
        var lab = directory ?? owned!;
        var peers = Enumerable.Range(1, size).Select(_ => (Peer: ports.Next(), Election: ports.Next())).ToList();
        var members = new List<ZooKeeperNode>();
        var servers = new StringBuilder();
        for (var i = 0; i < size; i++)
        {
            servers.Append(CultureInfo.InvariantCulture, $"server.{i + 1}=127.0.0.1:{peers[i].Peer}:{peers[i].Election}\n");
        }

        for (var i = 0; i < size; i++)
        {
            var id = i + 1;
            var node = new ZooKeeperNode($"{name}-{id}", id, ports.Next(), ports.Next(), lab.Sub($"{name}-{id}"), lab.PidDir);
            var data = Path.Combine(node.Directory, "data");
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "myid"), id.ToString(CultureInfo.InvariantCulture));
            var config = new StringBuilder()
                .Append("tickTime=500\ninitLimit=10\nsyncLimit=5\n")
                .Append(CultureInfo.InvariantCulture, $"dataDir={data}\n")
                .Append(CultureInfo.InvariantCulture, $"clientPort={node.ClientPort}\nclientPortAddress=127.0.0.1\n")
                .Append(CultureInfo.InvariantCulture, $"admin.enableServer=true\nadmin.serverAddress=127.0.0.1\nadmin.serverPort={node.AdminPort}\n")
                .Append("4lw.commands.whitelist=*\n")
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
    public ZooKeeperClusterConfig ToConfig(string name, bool withAdmin = true) => new()
    {
        Name = name,
        Servers = Servers,
        AdminUrls = withAdmin ? Members.Select(m => m.AdminUrl).ToList() : [],
    };

    /// <summary>The same entry as YAML, for config files.</summary>
    public string ToYaml(string name, TimeSpan? deadline = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n");
        sb.Append("    servers: [").AppendJoin(", ", Members.Select(m => $"\"{m.Address}\"")).Append("]\n");
        sb.Append("    adminUrls: [").AppendJoin(", ", Members.Select(m => $"\"{m.AdminUrl}\"")).Append("]\n");
        if (deadline is { } d)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    deadline: {(int)d.TotalMilliseconds}ms\n");
        }

        return sb.ToString();
    }

    /// <summary>Waits until exactly one running member leads and every other running member follows.</summary>
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
            if (leaders == 1 && modes.All(x => x is "leader" or "follower" or "standalone"))
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
