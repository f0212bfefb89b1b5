namespace QuorumMonitor.Kafka.Model;

/// <summary>One partition in metadata: its leader (-1 when none), replica set and in-sync replicas.</summary>
public sealed record KafkaPartitionInfo(string Topic, int Partition, int Leader, IReadOnlyList<int> Replicas, IReadOnlyList<int> InSyncReplicas)
{
    public string Name => $"{Topic}/{Partition}";
}
