using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>
/// Builds the cluster monitors of a reloaded config the way start-up does: each kind registers what it needs for the
/// new config, in a container of its own that shares the monitor's clock and logging. Only the monitors are taken
/// from it; the kinds' rules and series are the running ones (a kind's rules do not depend on config).
/// </summary>
public static class ReloadedClusters
{
    public static IReadOnlyDictionary<ClusterRef, IClusterMonitor> Build(IServiceProvider running, MonitorConfig next, IReadOnlySet<ClusterRef> wanted)
    {
        if (wanted.Count == 0)
        {
            return new Dictionary<ClusterRef, IClusterMonitor>();
        }

        var services = new ServiceCollection();
        services.AddSingleton(running.GetRequiredService<TimeProvider>());
        services.AddSingleton(running.GetRequiredService<ILoggerFactory>());
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        foreach (var kind in running.GetServices<IClusterKind>())
        {
            kind.Register(services, next);
        }

        // Not disposed: the monitors built here outlive it; the scheduler disposes each one its cluster retires.
        var built = services.BuildServiceProvider();
        var monitors = new Dictionary<ClusterRef, IClusterMonitor>();
        foreach (var monitor in built.GetServices<IClusterMonitor>())
        {
            if (wanted.Contains(monitor.Cluster))
            {
                monitors[monitor.Cluster] = monitor;
            }
            else if (monitor is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        return monitors;
    }
}
