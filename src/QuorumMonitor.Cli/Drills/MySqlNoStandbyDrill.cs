using QuorumMonitor.Lab.MySql;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Seed: failover to the hot standby was the plan, and the standby was gone. The replica is stopped while the primary
/// serves: nothing is down for clients yet, so one warning (not a page). The rules root it at what was injected, the
/// replica's MySqlDown (warning severity on a replica), with MySqlNoHealthyStandby among its symptoms.
/// </summary>
public sealed class MySqlNoStandbyDrill : IDrill
{
    public string Name => "mysql-no-standby";

    public string Summary => "the MariaDB replica stops (primary fine): one warning, MySqlDown on the replica (no healthy standby left)";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("MySqlDown");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillMySql.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(MariaDbReplicationPair pair) : IDrillScenario
    {
        public string ClusterYaml => DrillMySql.Yaml(pair);

        public IReadOnlyList<string> Clusters => [DrillMySql.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            var pid = pair.Replica.Pid;
            pair.Replica.Stop();
            return Task.FromResult($"{DrillMySql.Name} replica (pid {pid}) stopped");
        }

        public Task RestoreAsync(CancellationToken cancellationToken)
        {
            pair.Replica.Start();
            return Task.CompletedTask;
        }
    }
}
