using QuorumMonitor.Lab.MySql;

namespace QuorumMonitor.Cli.Drills;

/// <summary>The MariaDB primary + replica the MySQL drills run on.</summary>
public static class DrillMySql
{
    public const string Name = "mysql-drill";
    public const string Cluster = "mysql/" + Name;

    public static async Task<MariaDbReplicationPair> StartAsync(DrillLab lab, CancellationToken cancellationToken)
    {
        await lab.Progress.WriteLineAsync($"drill: starting a MariaDB primary + replica {Name}").ConfigureAwait(false);
        return lab.Own(await MariaDbReplicationPair.StartAsync(lab.Ports, lab.Directory, Name, cancellationToken).ConfigureAwait(false));
    }

    public static string Yaml(MariaDbReplicationPair pair) => "mysql:\n" + pair.ToYaml(Name);
}
