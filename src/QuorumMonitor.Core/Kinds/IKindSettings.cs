namespace QuorumMonitor.Core.Kinds;

/// <summary>What a kind read from its config section, as the kernel sees it: the clusters it declares and their edges.</summary>
public interface IKindSettings
{
    IReadOnlyList<ClusterDeclaration> Declarations { get; }

    /// <summary>
    /// The kind's own config of each cluster, in <see cref="Declarations"/> order: what a reload compares to tell a
    /// changed cluster from one that did not change.
    /// </summary>
    IReadOnlyList<object> ClusterConfigs { get; }

    /// <summary>The same settings with only the clusters whose name <paramref name="keep"/> accepts (a shard's own).</summary>
    IKindSettings Where(Func<string, bool> keep);
}
