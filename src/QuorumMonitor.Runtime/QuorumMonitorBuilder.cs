using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;

namespace QuorumMonitor.Runtime;

/// <summary>
/// Composes a monitor from the kernel and the runtime (<see cref="QuorumMonitorServiceCollectionExtensions.AddQuorumMonitor"/>)
/// and the cluster kinds added to it, as YARP's <c>AddReverseProxy().AddActiveHealthChecks()</c>:
/// <c>services.AddQuorumMonitor(config).AddZooKeeper().AddKafka().AddMySql()</c>.
/// </summary>
public sealed class QuorumMonitorBuilder(IServiceCollection services, MonitorConfig config)
{
    private readonly HashSet<string> _kinds = new(StringComparer.Ordinal);

    public IServiceCollection Services => services;

    public MonitorConfig Config => config;

    /// <summary>Adds a kind: its cluster monitors, rules and series for the config, and its runbooks.</summary>
    public QuorumMonitorBuilder AddKind(IClusterKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!_kinds.Add(kind.Name))
        {
            throw new InvalidOperationException($"the cluster kind '{kind.Name}' is added twice");
        }

        kind.Register(services, config);
        services.AddSingleton(kind);
        return this;
    }

    /// <summary>Adds every kind in <paramref name="kinds"/>, in order.</summary>
    public QuorumMonitorBuilder AddKinds(IEnumerable<IClusterKind> kinds)
    {
        foreach (var kind in kinds)
        {
            AddKind(kind);
        }

        return this;
    }
}
