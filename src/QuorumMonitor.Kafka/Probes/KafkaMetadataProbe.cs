using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Kafka.Probes.Client;

namespace QuorumMonitor.Kafka.Probes;

/// <summary>
/// Asks for cluster metadata (live brokers, leaders, replicas, ISR) and, where the brokers implement DescribeCluster,
/// the controller. The expected broker set grows with every broker ever seen, configured or named as a replica, so a
/// broker that drops out of metadata is reported by id. It shrinks too: a broker that is neither live nor a replica of
/// any partition for <c>forgetAfter</c> (measured on answered metadata only, never across an outage) has been
/// decommissioned, and is forgotten unless configured.
/// </summary>
internal sealed class KafkaMetadataProbe : IProbeUnit
{
    private readonly IKafkaAdmin _admin;
    private readonly KafkaClusterState _state;
    private readonly TimeProvider _time;
    private readonly ApiFallback _describeCluster;
    private readonly Lock _lock = new();
    private readonly SortedSet<int> _expected;
    private readonly HashSet<int> _configured;
    private readonly TimeSpan _forgetAfter;
    private readonly Dictionary<int, DateTimeOffset> _lastNeeded = [];
    private readonly Dictionary<int, KafkaBroker> _known = [];

    public KafkaMetadataProbe(IKafkaAdmin admin, KafkaClusterState state, IEnumerable<int> configuredBrokers, TimeSpan forgetAfter, TimeSpan deadline, TimeProvider time)
    {
        _admin = admin;
        _state = state;
        _time = time;
        _configured = [.. configuredBrokers];
        _forgetAfter = forgetAfter;
        _expected = new SortedSet<int>(_configured);
        _describeCluster = new ApiFallback("DescribeCluster", "controller unknown");
        Deadline = deadline;
    }

    public string Id => "metadata";

    public TimeSpan Deadline { get; }

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var controllerTask = ControllerAsync(cancellationToken);
        KafkaMetadataSnapshot snapshot;
        try
        {
            // librdkafka's metadata call blocks; off the caller's thread the runner can abandon it at the deadline.
            snapshot = await Task.Run(() => _admin.GetMetadata(Deadline), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Confluent.Kafka.KafkaException or InvalidOperationException)
        {
            _ = controllerTask.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return Result(at, started, null, null, "no broker answered a metadata request: " + ex.Message);
        }

        var controller = await controllerTask.ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var b in snapshot.Brokers)
            {
                _known[b.Id] = b;
            }

            foreach (var id in snapshot.Brokers.Select(b => b.Id).Concat(snapshot.Partitions.SelectMany(p => p.Replicas)))
            {
                _expected.Add(id);
                _lastNeeded[id] = at;
            }

            var forgotten = _expected
                .Where(id => !_configured.Contains(id) && _lastNeeded.TryGetValue(id, out var last) && at - last >= _forgetAfter)
                .ToList();
            foreach (var id in forgotten)
            {
                _expected.Remove(id);
                _known.Remove(id);
                _lastNeeded.Remove(id);
            }
        }

        _state.Publish(snapshot);
        return Result(at, started, snapshot, controller, null);
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new KafkaMetadataResult
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        Error = kind == ProbeFailureKind.Timeout ? $"metadata request: {message}" : message,
        ExpectedBrokerIds = Expected(),
        KnownBrokers = Known(),
        Fallbacks = _describeCluster.Note is { } n ? [n] : [],
    };

    private async Task<int?> ControllerAsync(CancellationToken cancellationToken)
    {
        if (!_describeCluster.ShouldTry())
        {
            return null;
        }

        try
        {
            var controller = await _admin.DescribeControllerAsync(Deadline / 2, cancellationToken).ConfigureAwait(false);
            _describeCluster.Worked();
            return controller;
        }
        catch (KafkaApiUnsupportedException ex)
        {
            _describeCluster.Failed(ex.Reason);
            return null;
        }
    }

    private KafkaMetadataResult Result(DateTimeOffset at, long started, KafkaMetadataSnapshot? snapshot, int? controller, string? error) => new()
    {
        UnitId = Id,
        At = at,
        Duration = _time.GetElapsedTime(started),
        Metadata = snapshot,
        Error = error,
        ControllerId = controller,
        ExpectedBrokerIds = Expected(),
        KnownBrokers = Known(),
        Fallbacks = _describeCluster.Note is { } n ? [n] : [],
    };

    private List<int> Expected()
    {
        lock (_lock)
        {
            return [.. _expected];
        }
    }

    private List<KafkaBroker> Known()
    {
        lock (_lock)
        {
            return [.. _known.Values.OrderBy(b => b.Id)];
        }
    }
}
