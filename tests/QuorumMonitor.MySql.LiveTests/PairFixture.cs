using QuorumMonitor.Lab;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.MySql;
using QuorumMonitor.MySql.Probes;

namespace QuorumMonitor.MySql.Tests;

/// <summary>A healthy primary + replica shared by tests that leave it as they found it.</summary>
public sealed class PairFixture : IAsyncLifetime, IDisposable
{
    public LabDirectory Directory { get; } = new();

    public FreePorts Ports { get; } = new();

    public MariaDbReplicationPair Pair { get; private set; } = null!;

    public async Task InitializeAsync() => Pair = await MariaDbReplicationPair.StartAsync(Ports, Directory, "shared");

    // xunit also calls Dispose; cleanup happens there once.
    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Pair?.Dispose();
        Directory.Dispose();
    }
}
