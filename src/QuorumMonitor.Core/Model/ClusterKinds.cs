namespace QuorumMonitor.Core.Model;

/// <summary>
/// The <c>kind</c> label values the kernel itself owns; part of the public JSON and metric contract. Each cluster
/// kind names its own (<c>ZooKeeperKind.KindName</c>...).
/// </summary>
public static class ClusterKinds
{
    /// <summary>The monitor itself: its self-check and its own alerts (delivery, overload).</summary>
    public const string Monitor = "monitor";
}
