using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Engine.MySql;
using QuorumMonitor.Correlation;
using QuorumMonitor.Engine.Pipeline;
using QuorumMonitor.Engine.Self;
using QuorumMonitor.Probes.ZooKeeper;
using QuorumMonitor.Probes.ZooKeeper.Admin;
using QuorumMonitor.Rules.Engine;
using QuorumMonitor.Rules.ZooKeeper;

namespace QuorumMonitor.Engine;

public static class MonitorEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers probes for every configured cluster, the built-in rules, the rule and incident engines, and the
    /// Mediator pipeline between them.
    /// </summary>
    public static IServiceCollection AddMonitorEngine(this IServiceCollection services, MonitorConfig config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(config);
        services.AddSingleton(config.Monitor);
        services.AddSingleton(AlertTiming.From(config.Monitor));
        services.AddHttpClient<AdminServerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(AdminServerClient.CreateHandler);
        foreach (var zk in config.ZooKeeper)
        {
            services.AddSingleton<IClusterMonitor>(sp => new ZooKeeperEnsembleMonitor(
                zk, config.Monitor, sp.GetRequiredService<AdminServerClient>(), sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var rule in ZooKeeperRules.All())
        {
            services.AddSingleton<IRule>(rule);
        }

        services.AddMySqlMonitoring(config);
        services.AddKafkaMonitoring(config);

        services.AddSingleton<MonitorLoad>();
        services.TryAddSingleton(new MonitorTrust());
        services.AddSingleton<RuleEngine>();
        services.AddSingleton(CorrelationOptionsFrom(config));
        services.AddSingleton(TopologyBuilder.From(config));
        services.AddSingleton<CommonCauseDetector>();
        services.AddSingleton<IncidentEngine>();
        services.AddSingleton<MonitorRuntime>();
        services.AddSingleton<MonitorPipeline>();
        services.AddSingleton<PipelineBus>();
        services.AddSingleton<ClusterEvaluator>();
        services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Singleton);
        return services;
    }

    private static CorrelationOptions CorrelationOptionsFrom(MonitorConfig config) => new()
    {
        Window = config.Correlation.Window,
        StartupHold = config.Correlation.StartupHold ?? CorrelationSettings.ConfirmationWindow(config.Monitor),
        ResolveHold = config.Correlation.ResolveHold,
        CommonCauseWindow = config.Correlation.CommonCauseWindow,
    };
}
