using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Galera.Config;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Galera.Probes;
using QuorumMonitor.Galera.Rules;
using QuorumMonitor.Lab.Galera;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.LiveTests;

/// <summary>
/// The monitor's loop, end to end but without the host: every node probed at once under its deadline, the results
/// assembled by the cluster monitor, the rules run through a <see cref="RuleEvaluator"/> that confirms over two rounds.
/// </summary>
internal sealed class GaleraRounds
{
    private readonly ProbeUnitRunner _runner = new(TimeProvider.System);

    public GaleraRounds(GaleraLabCluster lab, TimeSpan? deadline = null)
    {
        Config = new GaleraClusterConfig
        {
            Name = "lab",
            Nodes = lab.Nodes.Select(n => new GaleraNodeConfig { Endpoint = new HostPort("127.0.0.1", n.Port) }).ToList(),
            User = GaleraLabCluster.MonitorUser,
            Password = PasswordSource.FromFile(lab.PasswordFile),
            Deadline = deadline ?? TimeSpan.FromSeconds(2),
        };
        Monitor = new GaleraClusterMonitor(Config, new MonitorSettings(), TimeProvider.System);
        Evaluator = new RuleEvaluator(GaleraRules.All(), new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero), TimeProvider.System);
    }

    public GaleraClusterConfig Config { get; }

    public GaleraClusterMonitor Monitor { get; }

    public RuleEvaluator Evaluator { get; }

    public IReadOnlyList<AlertReport> Firing => Evaluator.Alerts().Where(a => a.State == AlertState.Firing).ToList();

    public async Task<IReadOnlyList<GaleraNodeResult>> ProbeAllAsync()
    {
        var results = await Task.WhenAll(Monitor.Units.Select(u => _runner.RunAsync(u, CancellationToken.None)));
        return results.Cast<GaleraNodeResult>().ToList();
    }

    public async Task<GaleraClusterObservation> RoundAsync()
    {
        var results = await ProbeAllAsync();
        var observation = (GaleraClusterObservation)Monitor.Assemble(results, DateTimeOffset.UtcNow);
        Evaluator.Evaluate(observation);
        return observation;
    }

    /// <summary>Runs rounds until <paramref name="done"/> holds; a condition, never a moment, so a loaded machine only makes it slower.</summary>
    public async Task<GaleraClusterObservation> UntilAsync(Func<GaleraClusterObservation, IReadOnlyList<AlertReport>, bool> done, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var observation = await RoundAsync();
            var firing = Firing;
            if (done(observation, firing))
            {
                return observation;
            }

            if (DateTime.UtcNow > until)
            {
                var nodes = string.Join("; ", observation.Nodes.Select(n => $"{n.Name} {n.State} {n.ClusterStatus} {n.LocalStateComment} {n.Error}"));
                var alerts = string.Join("; ", firing.Select(a => $"{a.Name}: {a.Summary}"));
                throw new TimeoutException($"not {what} after {timeout}: nodes {nodes}; firing {alerts}");
            }

            await Task.Delay(300);
        }
    }
}
