using QuorumMonitor.Lab.MySql;

namespace QuorumMonitor.Cli.Drills;

/// <summary>Seed: a MySQL primary hung (not dead: connections open, nothing answers). SIGSTOP it: one page, MySqlHung.</summary>
public sealed class MySqlFreezeDrill : IDrill
{
    public string Name => "mysql-freeze";

    public string Summary => "SIGSTOP the MariaDB primary (it hangs, it does not refuse): one page, MySqlHung";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("MySqlHung");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillMySql.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(MariaDbReplicationPair pair) : IDrillScenario
    {
        public string ClusterYaml => DrillMySql.Yaml(pair);

        public IReadOnlyList<string> Clusters => [DrillMySql.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            var pid = pair.Primary.Pid;
            pair.Primary.Freeze();
            return Task.FromResult($"SIGSTOP to the {DrillMySql.Name} primary (pid {pid})");
        }

        public Task RestoreAsync(CancellationToken cancellationToken)
        {
            pair.Primary.Resume();
            return Task.CompletedTask;
        }
    }
}
