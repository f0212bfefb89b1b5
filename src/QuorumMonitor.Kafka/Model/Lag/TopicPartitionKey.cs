namespace QuorumMonitor.Kafka.Model.Lag;

public readonly record struct TopicPartitionKey(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}/{Partition}";
}
