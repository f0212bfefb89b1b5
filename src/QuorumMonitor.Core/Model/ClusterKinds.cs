namespace QuorumMonitor.Core.Model;

/// <summary>The <c>kind</c> label values; part of the public JSON and metric contract.</summary>
public static class ClusterKinds
{
    public const string ZooKeeper = "zookeeper";
    public const string MySql = "mysql";
    public const string Kafka = "kafka";

    /// <summary>The monitor itself: its self-check and its own alerts (delivery, overload).</summary>
    public const string Monitor = "monitor";
}
