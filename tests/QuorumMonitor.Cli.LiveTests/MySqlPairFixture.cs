using QuorumMonitor.Lab;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Cli.Tests;

/// <summary>A healthy MariaDB primary + replica shared by tests that restore whatever they change.</summary>
public sealed class MySqlPairFixture : IAsyncLifetime, IDisposable
{
    public LabDirectory Directory { get; } = new();

    public FreePorts Ports { get; } = new();

    public MariaDbReplicationPair Pair { get; private set; } = null!;

    public async Task InitializeAsync() => Pair = await MariaDbReplicationPair.StartAsync(Ports, Directory, "cli");

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Pair?.Dispose();
        Directory.Dispose();
    }
}
