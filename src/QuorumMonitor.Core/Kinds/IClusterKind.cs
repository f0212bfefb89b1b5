using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Reporting;

namespace QuorumMonitor.Core.Kinds;

/// <summary>
/// One kind of cluster (ZooKeeper, Kafka, MySQL, ...) as the kernel sees it: the config section it owns, how it reads
/// that section, and what it adds to a monitor (cluster monitors, rules, metrics). A kind lives whole in its own
/// project; the kernel and the runtime know it only through this interface (as Telegraf knows an input plugin).
/// </summary>
public interface IClusterKind
{
    /// <summary>The <c>kind</c> label of its clusters in alerts, metrics and the API (<c>zookeeper</c>).</summary>
    string Name { get; }

    /// <summary>Its top-level config section (<c>zookeeper:</c>), a list of clusters.</summary>
    string Section { get; }

    /// <summary>The runbook of each of its alerts.</summary>
    IReadOnlyList<Runbook> Runbooks { get; }

    /// <summary>
    /// Reads and validates its section of <paramref name="root"/> (absent = no clusters), adding every problem to the
    /// section's errors with field and line, claiming its cluster names in <paramref name="clusterNames"/> and listing
    /// fields that name other clusters in <paramref name="references"/>.
    /// </summary>
    IKindSettings Read(YamlSection root, ISet<string> clusterNames, ICollection<ClusterReference> references);

    /// <summary>Registers what the kind needs to monitor its clusters in <paramref name="config"/>.</summary>
    void Register(IServiceCollection services, MonitorConfig config);

    /// <summary>
    /// Its clusters in <paramref name="config"/> as <c>monitor config check</c> prints them: facts with secrets masked,
    /// its rules and what they fire at.
    /// </summary>
    IEnumerable<ClusterSummary> Summarize(MonitorConfig config);

    /// <summary>
    /// Nagios performance data for one of its clusters, with the thresholds its own rules alert at (so a graph's
    /// warning line is where the warning fires).
    /// </summary>
    IEnumerable<NagiosPerfDatum> PerfData(ClusterReport cluster, MonitorConfig config);
}
