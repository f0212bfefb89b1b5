namespace QuorumMonitor.Galera.Model;

/// <summary>
/// Answering nodes that see the same membership: the same state UUID, the same conf_id and the same Primary-ness.
/// Two Primary components at once are a split brain; non-Primary nodes group together without forming a quorum.
/// </summary>
public sealed record GaleraComponent(string? StateUuid, long? ConfId, bool IsPrimary, IReadOnlyList<GaleraNodeResult> Members)
{
    /// <summary>The largest <c>wsrep_cluster_size</c> its members report (they may count members the monitor cannot reach).</summary>
    public int ReportedSize => Members.Max(m => m.ClusterSize ?? 0);

    public bool AcceptsWrites => Members.Any(m => m.AcceptsWrites);

    public IEnumerable<string> Names => Members.Select(m => m.Name);

    public override string ToString() =>
        $"{(IsPrimary ? "Primary" : "non-Primary")} {StateUuid ?? "?"} conf {ConfId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {string.Join(", ", Names)}";
}
