using System.Runtime.InteropServices;
using System.Text;
using QuorumMonitor.Kafka.Probes.Client;

namespace QuorumMonitor.Lab.Kafka;

/// <summary>
/// A Kafka cluster on loopback: librdkafka's mock cluster, which speaks the real Kafka protocol (metadata, produce,
/// fetch, offset commit and fetch, list offsets) on one port per broker. No Kafka broker package exists for this
/// machine; the mock is the real peer the probes are tested against. Broker ids are 1..N.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly Lock _lock = new();
    private IntPtr _host;
    private IntPtr _cluster;

    static MockKafkaCluster() => KafkaNativeLibrary.ResolveImportsOf(typeof(MockKafkaCluster).Assembly);

    private MockKafkaCluster(IntPtr host, IntPtr cluster, int brokers)
    {
        _host = host;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(RdKafkaMock.ClusterBootstraps(cluster)) ?? "";
    }

    public int Brokers { get; }

    /// <summary><c>host:port,...</c> of every broker, as clients bootstrap from it.</summary>
    public string BootstrapServers { get; }

    public static MockKafkaCluster Start(int brokers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        KafkaNativeLibrary.EnsureLoaded();
        var errors = new byte[512];
        var conf = RdKafkaMock.ConfNew();
        // The host handle only owns the mock; keep its own logging quiet.
        RdKafkaMock.ConfSet(conf, "log_level", "0", errors, (UIntPtr)errors.Length);
        var host = RdKafkaMock.New(RdKafkaMock.ProducerType, conf, errors, (UIntPtr)errors.Length);
        if (host == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_new failed: " + Encoding.UTF8.GetString(errors).TrimEnd('\0'));
        }

        var cluster = RdKafkaMock.ClusterNew(host, brokers);
        if (cluster == IntPtr.Zero)
        {
            RdKafkaMock.Destroy(host);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        return new MockKafkaCluster(host, cluster, brokers);
    }

    public void CreateTopic(string topic, int partitions, int replicationFactor) =>
        Steer(c => RdKafkaMock.TopicCreate(c, topic, partitions, replicationFactor), $"create topic {topic}");

    /// <summary>The broker stops answering: its listener closes connections and it leaves metadata.</summary>
    public void SetBrokerDown(int brokerId) => Steer(c => RdKafkaMock.BrokerSetDown(c, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Steer(c => RdKafkaMock.BrokerSetUp(c, brokerId), $"set broker {brokerId} up");

    /// <summary>
    /// The broker advertises <paramref name="host"/>:<paramref name="port"/> in metadata from now on, as a wrong
    /// <c>advertised.listeners</c> would; it keeps listening where it did.
    /// </summary>
    public void SetBrokerAdvertised(int brokerId, string host, int port) =>
        Steer(c => RdKafkaMock.BrokerSetHostPort(c, brokerId, host, port), $"set broker {brokerId} advertised {host}:{port}");

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Steer(c => RdKafkaMock.PartitionSetLeader(c, topic, partition, brokerId), $"set leader of {topic}/{partition}");

    public void Dispose()
    {
        lock (_lock)
        {
            if (_cluster != IntPtr.Zero)
            {
                RdKafkaMock.ClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_host != IntPtr.Zero)
            {
                RdKafkaMock.Destroy(_host);
                _host = IntPtr.Zero;
            }
        }
    }

    /// <summary>
    /// One command to the mock's own thread (it answers in microseconds), under the lock <see cref="Dispose"/> takes:
    /// a command racing the cluster's destruction would use freed memory.
    /// </summary>
    private void Steer(Func<IntPtr, int> command, string what)
    {
        int error;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            error = command(_cluster);
        }

        if (error != 0)
        {
            throw new InvalidOperationException($"mock cluster: {what} failed (librdkafka error {error})");
        }
    }
}
