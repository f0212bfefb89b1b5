using QuorumMonitor.Core.Config;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>One member of a lab ensemble: a real QuorumPeerMain process that tests stop, kill, freeze and restart.</summary>
public sealed class ZooKeeperNode : IDisposable
{
    private readonly string _dir;
    private readonly string _pidDir;
    private LabProcess? _process;

    internal ZooKeeperNode(string name, int id, int clientPort, int adminPort, string dir, string pidDir)
    {
        Name = name;
        Id = id;
        ClientPort = clientPort;
        AdminPort = adminPort;
        _dir = dir;
        _pidDir = pidDir;
    }

    public string Name { get; }

    public int Id { get; }

    /// <summary>Configured with <c>peerType=observer</c>: serves clients, never votes.</summary>
    public bool IsObserver { get; init; }

    internal string Directory => _dir;

    public int ClientPort { get; }

    public int AdminPort { get; }

    public HostPort Address => new("127.0.0.1", ClientPort);

    public Uri AdminUrl => new($"http://127.0.0.1:{AdminPort}/");

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    public bool IsRunning => _process is { HasExited: false };

    public string LogFile => Path.Combine(_dir, "server.log");

    internal string ConfigFile => Path.Combine(_dir, "zoo.cfg");

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        _process = LabProcess.Start(Name, "java",
        [
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", "/usr/share/java/*",
            "org.apache.zookeeper.server.quorum.QuorumPeerMain",
            ConfigFile,
        ], _dir, LogFile, _pidDir);
    }

    /// <summary>A clean shutdown (SIGTERM).</summary>
    public void Stop() => _process?.Stop(TimeSpan.FromSeconds(5));

    /// <summary>A crash (SIGKILL).</summary>
    public void Kill() => _process?.Kill();

    /// <summary>SIGSTOP: the kernel still accepts TCP connections, the server answers nothing.</summary>
    public void Freeze() => _process?.Freeze();

    public void Resume() => _process?.Resume();

    public void Restart()
    {
        Stop();
        Start();
    }

    public void Dispose() => _process?.Dispose();
}
