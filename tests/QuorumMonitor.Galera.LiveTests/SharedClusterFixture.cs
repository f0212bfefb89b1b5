using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Galera;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Galera.LiveTests;

/// <summary>One 3-node cluster for the tests that leave it whole (healthy, frozen-and-resumed, desynced-and-resynced).</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public GaleraLabCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await GaleraLabCluster.StartAsync(_ports, _dir, "galera");

    public Task DisposeAsync()
    {
        Cluster?.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
