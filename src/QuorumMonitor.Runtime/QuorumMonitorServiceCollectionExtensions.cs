using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Incidents;
using QuorumMonitor.Runtime.Confirmation;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.Runtime.Self;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime;

public static class QuorumMonitorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the kernel and the runtime: the rule and incident stages, the scheduler's runtime, and the Mediator
    /// pipeline between them. The cluster kinds are added to the builder it returns (<c>.AddZooKeeper()</c>...).
    /// </summary>
    public static QuorumMonitorBuilder AddQuorumMonitor(this IServiceCollection services, MonitorConfig config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(config);
        services.AddSingleton(config.Monitor);
        services.AddSingleton(AlertTiming.From(config.Monitor));
        services.AddSingleton<MonitorLoad>();
        services.TryAddSingleton(new MonitorTrust());
        services.AddSingleton<RuleEvaluator>();
        services.AddSingleton(CorrelationOptionsFrom(config));
        services.AddSingleton(TopologyBuilder.From(config));
        services.AddSingleton<CommonCauseDetector>();
        services.AddSingleton<IncidentTracker>();
        services.AddSingleton<MonitorRuntime>();
        services.AddSingleton<MonitorPipeline>();
        services.AddSingleton<PipelineBus>();
        services.AddSingleton<ClusterEvaluator>();
        services.TryAddSingleton<IPlannedRestarts, NoPlannedRestarts>();
        services.AddSingleton<FastConfirmation>();
        // The stages ProbeResultStages and ClusterEvaluatedStages call in order.
        services.AddSingleton<RecordProbeResultHandler>();
        services.AddSingleton<RequestConfirmationHandler>();
        services.AddSingleton<CorrelateAlertsHandler>();
        services.AddSingleton<LogTransitionsHandler>();
        services.AddSingleton<NotifyListenersHandler>();
        services.AddSingleton(sp => new RunbookCatalog(sp.GetServices<IClusterKind>()));
        services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Singleton);
        return new QuorumMonitorBuilder(services, config);
    }

    private static CorrelationOptions CorrelationOptionsFrom(MonitorConfig config) => new()
    {
        Window = config.Correlation.Window,
        StartupHold = config.Correlation.StartupHold ?? CorrelationSettings.ConfirmationWindow(config.Monitor),
        ResolveHold = config.Correlation.ResolveHold,
        CommonCauseWindow = config.Correlation.CommonCauseWindow,
        ResumeGrace = config.Notify?.ResumeGrace ?? NotifyConfig.DefaultResumeGrace(config.Monitor),
    };
}
