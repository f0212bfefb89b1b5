using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Host;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Runtime;

namespace QuorumMonitor.LiveTesting;

/// <summary>(Also compiled into QuorumMonitor.MySql.LiveTests.) The monitor as <c>monitor run</c> wires it (DI, real probes, rules, incidents), driven round by round, recording every alert transition.</summary>
internal sealed class VantageHarness : IDisposable, IMonitorListener
{
    private readonly ServiceProvider _services;
    private readonly List<AlertTransition> _transitions = [];

    public VantageHarness(string yaml)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IMonitorListener>(this);
        services.AddQuorumMonitor(MonitorKinds.Config.Parse(yaml)).AddKinds(MonitorKinds.All);
        _services = services.BuildServiceProvider();
        Runtime = _services.GetRequiredService<MonitorRuntime>();
        Pipeline = _services.GetRequiredService<MonitorPipeline>();
    }

    public MonitorRuntime Runtime { get; }

    public MonitorPipeline Pipeline { get; }

    public IReadOnlyList<AlertTransition> Transitions
    {
        get
        {
            lock (_transitions)
            {
                return [.. _transitions];
            }
        }
    }

    public ClusterReport Cluster(string name) => Runtime.Report().Clusters.Single(c => c.Name == name);

    public AlertReport? Firing(string alert, Func<AlertReport, bool>? where = null) =>
        Runtime.Report().Alerts.FirstOrDefault(a => a.Name == alert && a.State == AlertState.Firing && (where?.Invoke(a) ?? true));

    /// <summary>Rounds one interval apart until <paramref name="until"/> holds; the last report, or a timeout naming what was seen.</summary>
    public async Task<StatusReport> RunUntilAsync(Func<StatusReport, bool> until, TimeSpan timeout, TimeSpan interval, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        StatusReport report;
        while (true)
        {
            await Pipeline.RunRoundAsync(CancellationToken.None);
            report = Runtime.Report();
            if (until(report))
            {
                return report;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"not {what} after {timeout}; alerts: "
                    + string.Join("; ", report.Alerts.Select(a => $"{a.Name} {a.State}: {a.Summary}"))
                    + "; members: " + string.Join("; ", report.Clusters.SelectMany(c => c.Members).Select(m =>
                        $"{m.Address} {m.State} {m.Role} {string.Join(",", m.Details.Select(d => $"{d.Key}={d.Value}"))}")));
            }

            await Task.Delay(interval);
        }
    }

    public void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result)
    {
    }

    public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions)
    {
        lock (_transitions)
        {
            _transitions.AddRange(transitions);
        }
    }

    public void Dispose() => _services.Dispose();
}
