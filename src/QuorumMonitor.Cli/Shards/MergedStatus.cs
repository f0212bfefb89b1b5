using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Shards;

/// <summary>
/// Several monitors' views as one: <see cref="Report"/> holds every shard's clusters, alerts and incidents;
/// <see cref="Problems"/> says what makes the view incomplete (a monitor that did not answer, a shard nobody
/// answered for), each of which makes the verdict at least unknown.
/// </summary>
public sealed record MergedStatus(StatusReport Report, IReadOnlyList<MonitorAnswer> Answers, IReadOnlyList<string> Problems)
{
    /// <summary>The CLI's exit code: the verdict, numbered as Nagios plugin exit codes.</summary>
    public int ExitCode => (int)Report.Status;
}
