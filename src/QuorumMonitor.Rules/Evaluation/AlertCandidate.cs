using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Rules.Evaluation;

/// <summary>A rule's claim that a condition holds now; the rule evaluator decides whether it is confirmed.</summary>
public sealed record AlertCandidate(
    string Name,
    Severity Severity,
    ClusterRef Cluster,
    string Summary,
    IReadOnlyDictionary<string, string> Labels)
{
    public AlertCandidate(string name, Severity severity, ClusterRef cluster, string summary)
        : this(name, severity, cluster, summary, new Dictionary<string, string>())
    {
    }

    /// <summary>
    /// The least time the condition must hold before it fires, on top of the rule-wide <c>for</c>, while the rule
    /// sees it as something expected to pass (an election after a planned restart). The same alert either way: once
    /// a round no longer carries the hold, the usual timing applies from when it became active.
    /// </summary>
    public TimeSpan HoldFor { get; init; }

    /// <summary>Identity across rounds: same rule, cluster and labels is the same alert.</summary>
    public string Fingerprint => Labels.Count == 0
        ? $"{Name}|{Cluster}"
        : $"{Name}|{Cluster}|{string.Join(',', Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}";
}
