using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;

namespace QuorumMonitor.Kafka.Probes.Client;

/// <summary>
/// The admin calls the probes make. The seam exists so tests can feed metadata a real cluster cannot produce
/// (a broker advertising a name that does not resolve); production uses <see cref="ConfluentKafkaAdmin"/>.
/// </summary>
public interface IKafkaAdmin
{
    /// <summary>Blocks up to <paramref name="timeout"/>; throws when no broker answers.</summary>
    KafkaMetadataSnapshot GetMetadata(TimeSpan timeout);

    /// <summary>The controller's broker id (DescribeCluster); throws <see cref="KafkaApiUnsupportedException"/> where unsupported.</summary>
    Task<int?> DescribeControllerAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Every consumer group (ListGroups); throws <see cref="KafkaApiUnsupportedException"/> where unsupported.</summary>
    Task<IReadOnlyList<string>> ListGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The group's committed offsets on these partitions (OffsetFetch); partitions without a commit are left out.</summary>
    Task<IReadOnlyList<CommittedOffset>> ListCommittedAsync(string group, IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Log-end offsets (ListOffsets latest); partitions whose leader did not answer are left out.</summary>
    Task<IReadOnlyDictionary<TopicPartitionKey, long>> ListLogEndsAsync(IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// The timestamp of the record at each committed offset (Fetch of one record per partition, bounded in bytes and by
    /// <paramref name="timeout"/>). Positions not read in time are left out; a position with no timestamp says why.
    /// </summary>
    Task<IReadOnlyDictionary<CommittedOffset, RecordTimestamp>> ReadTimestampsAsync(IReadOnlyList<CommittedOffset> positions, TimeSpan timeout, CancellationToken cancellationToken);
}
