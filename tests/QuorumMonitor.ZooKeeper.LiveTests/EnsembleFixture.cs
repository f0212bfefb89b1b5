using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>A healthy 3-member ensemble shared by tests that only read from it.</summary>
public sealed class EnsembleFixture : IAsyncLifetime, IDisposable
{
    public LabDirectory Directory { get; } = new();

    public FreePorts Ports { get; } = new();

    public ZooKeeperEnsemble Ensemble { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ensemble = ZooKeeperEnsemble.Start(3, Ports, Directory, "shared");
        await Ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Ensemble?.Dispose();
        Directory.Dispose();
    }
}
