using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// Warning: the monitor cannot reach the primary, but its replicas still replicate from it with a current lag
/// (<see cref="MySqlReplicaView"/>): the path from the monitor is broken, not the primary, so no <c>MySqlDown</c> page.
/// </summary>
public sealed class MySqlMonitorCannotReachRule : Rule<MySqlClusterObservation>
{
    /// <summary>The same name in every kind: one runbook (the kernel's), one alert to route.</summary>
    public const string AlertName = "MonitorCannotReach";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(MySqlClusterObservation c)
    {
        if (c.Primary is not { } p || !c.ReplicaView.PrimaryUnreachableFromMonitor)
        {
            yield break;
        }

        var replicas = string.Join(", ", c.ReplicaView.Vouching.Select(r => $"{r.Name} (IO thread Yes, {r.LagSeconds:0.#} s behind)"));
        yield return new AlertCandidate(AlertName, Severity.Warning, c.Cluster,
            $"The monitor cannot reach MySQL {MySqlText.Describe(p)} of {c.Cluster.Name} ({MySqlText.State(p)}), but its replicas "
            + $"still replicate from it: {replicas}. Counted as alive; check the network path from the monitor to it.",
            new Dictionary<string, string> { ["instance"] = p.Name, ["role"] = Names.Kebab(p.Role) });
    }
}
