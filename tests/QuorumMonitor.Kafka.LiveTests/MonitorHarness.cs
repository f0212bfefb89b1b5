using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Runtime;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Host;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>The monitor as <c>monitor run</c> wires it (DI, real probes, real rules), driven round by round by a test.</summary>
internal sealed class MonitorHarness : IDisposable, IMonitorListener
{
    private readonly ServiceProvider _services;
    private readonly List<(int Round, AlertTransition Transition)> _transitions = [];
    private int _round;

    public MonitorHarness(string yaml, TimeProvider? time = null, Func<IServiceProvider, IClusterMonitor>? replaceCluster = null)
    {
        Config = MonitorKinds.Config.Parse(yaml);
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<IMonitorListener>(this);
        services.AddQuorumMonitor(Config).AddKinds(MonitorKinds.All);
        if (replaceCluster is not null)
        {
            services.RemoveAll<IClusterMonitor>();
            services.AddSingleton(replaceCluster);
        }

        _services = services.BuildServiceProvider();
        Runtime = _services.GetRequiredService<MonitorRuntime>();
        Pipeline = _services.GetRequiredService<MonitorPipeline>();
    }

    public MonitorPipeline Pipeline { get; }

    public MonitorConfig Config { get; }

    public MonitorRuntime Runtime { get; }

    public KafkaClusterObservation? Latest { get; private set; }

    public IReadOnlyList<(int Round, AlertTransition Transition)> Transitions => _transitions;

    public async Task<StatusReport> RoundAsync()
    {
        _round++;
        await Pipeline.RunRoundAsync(CancellationToken.None);
        return Runtime.Report();
    }

    /// <summary>The round in which the alert first fired; null if it never did.</summary>
    public int? FiredInRound(string alert) =>
        _transitions.Where(t => t.Transition.Alert.Name == alert && t.Transition.To == AlertState.Firing).Select(t => (int?)t.Round).FirstOrDefault();

    public AlertReport? Firing(string alert) =>
        Runtime.Report().Alerts.FirstOrDefault(a => a.Name == alert && a.State == AlertState.Firing);

    public void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result)
    {
    }

    public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions)
    {
        Latest = observation as KafkaClusterObservation ?? Latest;
        lock (_transitions)
        {
            _transitions.AddRange(transitions.Select(t => (_round, t)));
        }
    }

    public void Dispose() => _services.Dispose();
}
