using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// The scratch lab of one drill run: its folder (pid files), ports, clock and every server started for it. Disposing
/// it disposes the servers, newest first, then kills whatever is still listed in the folder's pid files.
/// </summary>
public sealed class DrillLab : IAsyncDisposable
{
    private readonly Stack<object> _owned = new();
    private readonly Lock _lock = new();

    public DrillLab(TimeProvider time, TextWriter progress)
    {
        Time = time;
        Progress = progress;
    }

    public LabDirectory Directory { get; } = new();

    public FreePorts Ports { get; } = new();

    public TimeProvider Time { get; }

    public TextWriter Progress { get; }

    /// <summary>Keeps <paramref name="server"/> (an <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>) for disposal with the lab.</summary>
    public T Own<T>(T server)
        where T : class
    {
        lock (_lock)
        {
            _owned.Push(server);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        while (true)
        {
            object next;
            lock (_lock)
            {
                if (!_owned.TryPop(out next!))
                {
                    break;
                }
            }

            try
            {
                switch (next)
                {
                    case IAsyncDisposable a:
                        await a.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable d:
                        d.Dispose();
                        break;
                }
            }
#pragma warning disable CA1031 // One server failing to stop must not leave the others running.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await Progress.WriteLineAsync($"drill: stopping {next.GetType().Name} failed: {ex.Message}").ConfigureAwait(false);
            }
        }

        Directory.Dispose();
    }
}
