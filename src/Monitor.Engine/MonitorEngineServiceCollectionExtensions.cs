using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitor.Core.Config;
using Monitor.Core.Probing;
using Monitor.Probes.ZooKeeper;
using Monitor.Probes.ZooKeeper.Admin;
using Monitor.Rules.Engine;
using Monitor.Rules.ZooKeeper;

namespace Monitor.Engine;

public static class MonitorEngineServiceCollectionExtensions
{
    /// <summary>Registers probes for every configured cluster, the built-in rules, the rule engine and the runtime.</summary>
    public static IServiceCollection AddMonitorEngine(this IServiceCollection services, MonitorConfig config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(config);
        services.AddSingleton(config.Monitor);
        services.AddSingleton(AlertTiming.From(config.Monitor));
        services.AddHttpClient<AdminServerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        foreach (var zk in config.ZooKeeper)
        {
            services.AddSingleton<IClusterMonitor>(sp => new ZooKeeperEnsembleMonitor(
                zk, config.Monitor, sp.GetRequiredService<AdminServerClient>(), sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var rule in ZooKeeperRules.All())
        {
            services.AddSingleton<IRule>(rule);
        }

        services.AddKafkaMonitoring(config);

        services.AddSingleton<RuleEngine>();
        services.AddSingleton<MonitorRuntime>();
        return services;
    }
}
