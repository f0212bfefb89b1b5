using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Galera;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Galera.LiveTests;

/// <summary>A 3-node cluster of one test's own, for the tests that kill nodes.</summary>
public abstract class OwnCluster : IAsyncLifetime, IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    protected GaleraLabCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await GaleraLabCluster.StartAsync(_ports, _dir, "galera");

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Cluster?.Dispose();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
