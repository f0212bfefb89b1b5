using System.Globalization;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using Prometheus;

namespace QuorumMonitor.Kafka;

/// <summary>
/// The Kafka part of the monitor's metrics (names <c>quorum_monitor_kafka_*</c>, listed in README). Lag is per group and
/// topic, never per partition, so a 100,000-partition cluster does not become 100,000 series.
/// </summary>
internal sealed class KafkaMetrics : IClusterMetrics
{
    private const string Prefix = "quorum_monitor_kafka_";

    private readonly Gauge _brokerUp;
    private readonly Gauge _offline;
    private readonly Gauge _underReplicated;
    private readonly Gauge _lagMessages;
    private readonly Gauge _lagSeconds;
    private readonly Gauge _status;
    private readonly Gauge _transmit;
    private readonly Gauge _receive;
    private readonly Gauge _utilization;
    private readonly Gauge _fanOut;
    private readonly Gauge _toSaturation;
    private readonly Gauge _lossHeadroom;
    private readonly Dictionary<string, string> _lastStatus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> _brokerSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Cluster, string Group, string Topic), DateTimeOffset> _groupTopicSeen = [];

    /// <summary>
    /// A group/topic the lag unit stops reporting (group deleted, topic removed) loses its series after this long,
    /// so a vanished group is not a stale "lag" forever. Only a lag unit that answered counts as not reporting it.
    /// </summary>
    public static readonly TimeSpan GroupTopicGrace = TimeSpan.FromMinutes(15);

    public KafkaMetrics(CollectorRegistry registry)
        : this(Metrics.WithCustomRegistry(registry))
    {
    }

    public KafkaMetrics(MetricFactory f)
    {
        string[] broker = ["cluster", "broker"];
        string[] groupTopic = ["cluster", "group", "topic"];
        _brokerUp = f.CreateGauge(Prefix + "broker_up", "1 when the expected broker is in metadata, else 0.", broker);
        _offline = f.CreateGauge(Prefix + "offline_partitions", "Partitions whose leader is not a live broker.", ["cluster"]);
        _underReplicated = f.CreateGauge(Prefix + "under_replicated_partitions", "Partitions with fewer live in-sync replicas than replicas.", ["cluster"]);
        _lagMessages = f.CreateGauge(Prefix + "consumer_lag_messages", "Messages the group has not consumed, summed over the topic's partitions.", groupTopic);
        _lagSeconds = f.CreateGauge(Prefix + "consumer_lag_seconds", "Age of the group's oldest unconsumed message on the topic; 0 when caught up.", groupTopic);
        _status = f.CreateGauge(Prefix + "consumer_status", "1 for the group's current status on the topic (ok, warn, rewind, stop, stall).", [.. groupTopic, "status"]);
        _transmit = f.CreateGauge(Prefix + "nic_transmit_bytes_per_second", "Broker NIC egress rate.", broker);
        _receive = f.CreateGauge(Prefix + "nic_receive_bytes_per_second", "Broker NIC ingress rate.", broker);
        _utilization = f.CreateGauge(Prefix + "nic_utilization_ratio", "Busier direction of the broker NIC over its capacity.", broker);
        _fanOut = f.CreateGauge(Prefix + "nic_fanout_ratio", "Broker egress over ingress: bytes read by consumers per byte written.", broker);
        _toSaturation = f.CreateGauge(Prefix + "nic_seconds_to_saturation", "Forecast seconds until the broker NIC reaches threshold x capacity; +Inf without a rising trend.", broker);
        _lossHeadroom = f.CreateGauge(Prefix + "broker_loss_headroom_ratio", "If this broker failed, the share of its limit the busiest survivor would have left; negative = cascade.", broker);
    }

    public void Forget(ClusterRef cluster)
    {
        var c = cluster.Name;
        foreach (var gauge in new[] { _brokerUp, _offline, _underReplicated, _lagMessages, _lagSeconds, _status, _transmit, _receive, _utilization, _fanOut, _toSaturation, _lossHeadroom })
        {
            DropCluster(gauge, 0, c);
        }

        _brokerSeries.Remove(c);
        foreach (var key in _lastStatus.Keys.Where(k => k.StartsWith(c + "|", StringComparison.Ordinal)).ToList())
        {
            _lastStatus.Remove(key);
        }

        foreach (var key in _groupTopicSeen.Keys.Where(k => k.Cluster == c).ToList())
        {
            _groupTopicSeen.Remove(key);
        }
    }

    void IClusterMetrics.Update(ClusterObservation observation)
    {
        if (observation is KafkaClusterObservation kafka)
        {
            Update(kafka);
        }
    }

    public void Update(KafkaClusterObservation k)
    {
        var c = k.Cluster.Name;
        var live = k.LiveBrokers.Select(b => b.Id).ToHashSet();
        if (k.Reachable)
        {
            EvictForgottenBrokers(c, k.ExpectedBrokerIds);
            foreach (var id in k.ExpectedBrokerIds)
            {
                _brokerUp.WithLabels(c, Id(id)).Set(live.Contains(id) ? 1 : 0);
            }

            _offline.WithLabels(c).Set(k.OfflinePartitions.Count);
            _underReplicated.WithLabels(c).Set(k.UnderReplicatedPartitions.Count);
        }
        else
        {
            foreach (var id in k.ExpectedBrokerIds)
            {
                _brokerUp.WithLabels(c, Id(id)).Set(0);
            }
        }

        foreach (var g in k.Groups)
        {
            foreach (var t in g.Topics)
            {
                _lagMessages.WithLabels(c, g.Group, t.Topic).Set(t.LagMessages);
                _lagSeconds.WithLabels(c, g.Group, t.Topic).Set(t.MaxLagSeconds);
                SetStatus(c, g.Group, t.Topic, t.Status);
                _groupTopicSeen[(c, g.Group, t.Topic)] = k.At;
            }
        }

        if (k.Lag is { Error: null })
        {
            EvictVanishedGroupTopics(c, k.At);
        }

        foreach (var a in k.Assessments)
        {
            var id = Id(a.BrokerId);
            _transmit.WithLabels(c, id).Set(a.TransmitBps);
            _receive.WithLabels(c, id).Set(a.ReceiveBps);
            _utilization.WithLabels(c, id).Set(a.Utilization ?? double.NaN);
            _fanOut.WithLabels(c, id).Set(a.FanOut ?? double.NaN);
            _toSaturation.WithLabels(c, id).Set(a.SecondsToLimit ?? double.PositiveInfinity);
        }

        foreach (var i in k.LossImpacts)
        {
            _lossHeadroom.WithLabels(c, Id(i.FailedBroker)).Set(i.HeadroomRatio);
        }
    }

    /// <summary>Removes the per-broker series of brokers the metadata unit no longer expects (decommissioned).</summary>
    private void EvictForgottenBrokers(string cluster, IReadOnlyList<int> expected)
    {
        if (!_brokerSeries.TryGetValue(cluster, out var written))
        {
            _brokerSeries[cluster] = written = [];
        }

        foreach (var id in written.Where(id => !expected.Contains(id)).ToList())
        {
            var labels = new[] { cluster, Id(id) };
            foreach (var gauge in new[] { _brokerUp, _transmit, _receive, _utilization, _fanOut, _toSaturation, _lossHeadroom })
            {
                gauge.RemoveLabelled(labels);
            }

            written.Remove(id);
        }

        written.UnionWith(expected);
    }

    private void EvictVanishedGroupTopics(string cluster, DateTimeOffset now)
    {
        var vanished = _groupTopicSeen.Where(e => e.Key.Cluster == cluster && now - e.Value >= GroupTopicGrace).Select(e => e.Key).ToList();
        foreach (var key in vanished)
        {
            _lagMessages.RemoveLabelled(key.Cluster, key.Group, key.Topic);
            _lagSeconds.RemoveLabelled(key.Cluster, key.Group, key.Topic);
            // Every status, not only the current one: earlier ones stay exported at 0.
            foreach (var status in Enum.GetValues<ConsumerStatus>())
            {
                _status.RemoveLabelled(key.Cluster, key.Group, key.Topic, Names.Kebab(status));
            }

            _lastStatus.Remove($"{key.Cluster}|{key.Group}|{key.Topic}");

            _groupTopicSeen.Remove(key);
        }
    }

    private void SetStatus(string cluster, string group, string topic, ConsumerStatus status)
    {
        var key = $"{cluster}|{group}|{topic}";
        var name = Names.Kebab(status);
        if (_lastStatus.TryGetValue(key, out var previous) && previous != name)
        {
            _status.WithLabels(cluster, group, topic, previous).Set(0);
        }

        _status.WithLabels(cluster, group, topic, name).Set(1);
        _lastStatus[key] = name;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Removes every series of <paramref name="gauge"/> whose label at <paramref name="index"/> is <paramref name="cluster"/>.</summary>
    private static void DropCluster(Gauge gauge, int index, string cluster)
    {
        foreach (var labels in gauge.GetAllLabelValues().Where(l => l[index] == cluster).ToList())
        {
            gauge.RemoveLabelled(labels);
        }
    }
}
