namespace QuorumMonitor.Core.Kinds;

/// <summary>What a kind read from its config section, as the kernel sees it: the clusters it declares and their edges.</summary>
public interface IKindSettings
{
    IReadOnlyList<ClusterDeclaration> Declarations { get; }
}
