namespace QuorumMonitor.Core.Kinds;

/// <summary>A kind's clusters as it reads them (<typeparamref name="T"/> is its own config type), and their declarations.</summary>
public sealed record KindSettings<T>(IReadOnlyList<T> Clusters, IReadOnlyList<ClusterDeclaration> Declarations) : IKindSettings
{
    public IReadOnlyList<object> ClusterConfigs => [.. Clusters.Select(c => (object)c!)];

    public IKindSettings Where(Func<string, bool> keep)
    {
        var kept = Enumerable.Range(0, Declarations.Count).Where(i => keep(Declarations[i].Name)).ToList();
        return new KindSettings<T>([.. kept.Select(i => Clusters[i])], [.. kept.Select(i => Declarations[i])]);
    }
}
