namespace QuorumMonitor.Cli.Drills;

/// <summary>A drill's running servers: their config sections, the fault and its undoing.</summary>
public interface IDrillScenario
{
    /// <summary>Top-level config sections for the clusters (<c>zookeeper:</c>, <c>mysql:</c>, ...), without <c>monitor:</c> or <c>notify:</c>.</summary>
    string ClusterYaml { get; }

    /// <summary>The clusters (<c>kind/name</c>) that must be healthy before the fault goes in.</summary>
    IReadOnlyList<string> Clusters { get; }

    /// <summary>Injects the fault; returns a line saying what was done (which pid, which broker).</summary>
    Task<string> InjectAsync(CancellationToken cancellationToken);

    /// <summary>Undoes the fault (restart, SIGCONT); the lab's disposal kills everything after it anyway.</summary>
    Task RestoreAsync(CancellationToken cancellationToken);
}
