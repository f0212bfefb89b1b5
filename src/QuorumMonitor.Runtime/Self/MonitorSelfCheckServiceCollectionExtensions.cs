using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Incidents;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Rules.Self;

namespace QuorumMonitor.Runtime.Self;

public static class MonitorSelfCheckServiceCollectionExtensions
{
    /// <summary>
    /// The monitor as a cluster of its own (<c>monitor/quorum-monitor</c>), for the long-running <c>monitor run</c>:
    /// a self-check unit on the common schedule, the <c>MonitorOverloaded</c> rule, and a trust in its own probes that
    /// holds the clusters' pages while it cannot keep its schedule. <c>monitor check</c> does without: it announces nothing.
    /// </summary>
    public static IServiceCollection AddMonitorSelfCheck(this IServiceCollection services, MonitorConfig config)
    {
        var m = config.Monitor;

        // Long enough after the last late round for every alert the lateness raised to resolve again.
        var reconfirm = (m.Interval * (m.ConfirmRounds + m.ResolveRounds + 1)) + m.Deadline + m.For + m.KeepFiringFor;
        services.Replace(ServiceDescriptor.Singleton(sp => new MonitorTrust(reconfirm, sp.GetRequiredService<MonitorLoad>())));
        services.AddSingleton(sp => new MonitorSelfUnit(sp.GetRequiredService<MonitorLoad>(), m.Deadline));
        services.AddSingleton<IClusterMonitor, MonitorSelfCluster>();
        services.AddSingleton<IRule, MonitorOverloadedRule>();
        services.AddHostedService<MonitorClockWatch>();
        return services;
    }
}
