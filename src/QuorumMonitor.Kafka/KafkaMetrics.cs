using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using Prometheus;

namespace QuorumMonitor.Kafka;

/// <summary>
/// The Kafka part of the monitor's metrics (names <c>quorum_monitor_kafka_*</c>, listed in README). Lag is per group and
/// topic, never per partition, so a 100,000-partition cluster does not become 100,000 series, and bounded per cluster
/// by <c>lag.maxGroups</c> and <c>lag.maxTopicsPerGroup</c>. What is gone leaves: a forgotten broker at once, a group or
/// topic the lag unit stops reporting after <c>lag.seriesGrace</c>, a broker's NIC series while its source fails.
/// </summary>
internal sealed partial class KafkaMetrics : IClusterMetrics
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
    private readonly Gauge _lagCut;
    private readonly Gauge _endpointState;
    private readonly Dictionary<(string Cluster, int Broker), string> _lastEndpointState = [];
    private readonly ILogger _logger;
    private readonly Dictionary<string, int> _lastCut = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> _nicSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> _lossSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastStatus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> _brokerSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Cluster, string Group, string Topic), DateTimeOffset> _groupTopicSeen = [];

    public KafkaMetrics(CollectorRegistry registry, ILogger<KafkaMetrics> logger)
        : this(Metrics.WithCustomRegistry(registry), logger)
    {
    }

    public KafkaMetrics(MetricFactory f, ILogger<KafkaMetrics>? logger = null)
    {
        _logger = logger ?? NullLogger<KafkaMetrics>.Instance;
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
        _endpointState = f.CreateGauge(Prefix + "broker_endpoint_state", "1 for the state of the broker's advertised endpoint as the monitor reaches it (reachable, unresolvable, refused, timeout, error).", [.. broker, "state"]);
        _lagCut = f.CreateGauge(Prefix + "lag_series_cut", "Group/topic pairs the lag unit reported that lag.maxGroups / lag.maxTopicsPerGroup kept out of the lag series (still judged).", ["cluster"]);
    }

    public void Forget(ClusterRef cluster)
    {
        var c = cluster.Name;
        foreach (var gauge in new[] { _brokerUp, _offline, _underReplicated, _lagMessages, _lagSeconds, _status, _transmit, _receive, _utilization, _fanOut, _toSaturation, _lossHeadroom, _endpointState, _lagCut })
        {
            DropCluster(gauge, 0, c);
        }

        _brokerSeries.Remove(c);
        _nicSeries.Remove(c);
        _lossSeries.Remove(c);
        _lastCut.Remove(c);
        foreach (var key in _lastEndpointState.Keys.Where(k => k.Cluster == c).ToList())
        {
            _lastEndpointState.Remove(key);
        }

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

        if (k.Endpoints is { Error: null } endpoints)
        {
            foreach (var check in endpoints.Checks)
            {
                SetEndpointState(c, check.Broker.Id, Names.Kebab(check.State));
            }
        }

        // The cluster's own bounds and grace, carried by the observation (so a reloaded config applies at once).
        var lag = k.Settings.Lag;
        var (exported, cut) = KafkaLagSeries.Select(k.Groups, lag);
        foreach (var (g, t) in exported)
        {
            _lagMessages.WithLabels(c, g.Group, t.Topic).Set(t.LagMessages);
            _lagSeconds.WithLabels(c, g.Group, t.Topic).Set(t.MaxLagSeconds);
            SetStatus(c, g.Group, t.Topic, t.Status);
            _groupTopicSeen[(c, g.Group, t.Topic)] = k.At;
        }

        // Only a lag unit that answered says what is gone or cut; a failing one leaves the last picture standing.
        if (k.Lag is { Error: null })
        {
            foreach (var (group, topic) in cut)
            {
                RemoveGroupTopic((c, group, topic));
            }

            EvictVanishedGroupTopics(c, k.At, lag.SeriesGrace);
            ReportCut(c, cut.Count, lag);
        }

        // A broker whose NIC source fails (or that has no assessment yet) has no NIC series: absent, not frozen.
        var assessed = Tracked(_nicSeries, c, k.Assessments.Select(a => a.BrokerId), _transmit, _receive, _utilization, _fanOut, _toSaturation);
        foreach (var a in k.Assessments)
        {
            var id = Id(a.BrokerId);
            _transmit.WithLabels(c, id).Set(a.TransmitBps);
            _receive.WithLabels(c, id).Set(a.ReceiveBps);
            _utilization.WithLabels(c, id).Set(a.Utilization ?? double.NaN);
            _fanOut.WithLabels(c, id).Set(a.FanOut ?? double.NaN);
            _toSaturation.WithLabels(c, id).Set(a.SecondsToLimit ?? double.PositiveInfinity);
        }

        Tracked(_lossSeries, c, k.LossImpacts.Select(i => i.FailedBroker), _lossHeadroom);
        foreach (var i in k.LossImpacts)
        {
            _lossHeadroom.WithLabels(c, Id(i.FailedBroker)).Set(i.HeadroomRatio);
        }
    }

    /// <summary>Removes <paramref name="gauges"/>' series of the brokers of <paramref name="cluster"/> not in <paramref name="now"/>, and remembers <paramref name="now"/>.</summary>
    private static HashSet<int> Tracked(Dictionary<string, HashSet<int>> written, string cluster, IEnumerable<int> now, params Gauge[] gauges)
    {
        if (!written.TryGetValue(cluster, out var brokers))
        {
            written[cluster] = brokers = [];
        }

        var current = now.ToHashSet();
        foreach (var id in brokers.Where(id => !current.Contains(id)).ToList())
        {
            foreach (var gauge in gauges)
            {
                gauge.RemoveLabelled(cluster, Id(id));
            }

            brokers.Remove(id);
        }

        brokers.UnionWith(current);
        return brokers;
    }

    private void ReportCut(string cluster, int cut, KafkaLagConfig lag)
    {
        _lagCut.WithLabels(cluster).Set(cut);
        if (_lastCut.GetValueOrDefault(cluster) != cut)
        {
            if (cut > 0)
            {
                LogSeriesCut(cluster, cut, lag.MaxGroups, lag.MaxTopicsPerGroup);
            }
            else
            {
                LogSeriesWhole(cluster);
            }
        }

        _lastCut[cluster] = cut;
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

            foreach (var state in Enum.GetValues<KafkaEndpointState>())
            {
                _endpointState.RemoveLabelled(cluster, Id(id), Names.Kebab(state));
            }

            _lastEndpointState.Remove((cluster, id));
            written.Remove(id);
        }

        written.UnionWith(expected);
    }

    private void EvictVanishedGroupTopics(string cluster, DateTimeOffset now, TimeSpan grace)
    {
        foreach (var key in _groupTopicSeen.Where(e => e.Key.Cluster == cluster && now - e.Value >= grace).Select(e => e.Key).ToList())
        {
            RemoveGroupTopic(key);
        }
    }

    private void RemoveGroupTopic((string Cluster, string Group, string Topic) key)
    {
        if (!_groupTopicSeen.Remove(key))
        {
            return;
        }

        _lagMessages.RemoveLabelled(key.Cluster, key.Group, key.Topic);
        _lagSeconds.RemoveLabelled(key.Cluster, key.Group, key.Topic);
        // Every status, not only the current one: earlier ones stay exported at 0.
        foreach (var status in Enum.GetValues<ConsumerStatus>())
        {
            _status.RemoveLabelled(key.Cluster, key.Group, key.Topic, Names.Kebab(status));
        }

        _lastStatus.Remove($"{key.Cluster}|{key.Group}|{key.Topic}");
    }

    /// <summary>1 for the current state; the previous one stays exported at 0 (as <c>consumer_status</c> does).</summary>
    private void SetEndpointState(string cluster, int broker, string state)
    {
        if (_lastEndpointState.TryGetValue((cluster, broker), out var previous) && previous != state)
        {
            _endpointState.WithLabels(cluster, Id(broker), previous).Set(0);
        }

        _endpointState.WithLabels(cluster, Id(broker), state).Set(1);
        _lastEndpointState[(cluster, broker)] = state;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka cluster {Cluster}: {Cut} group/topic pair(s) are kept out of the lag series by lag.maxGroups {MaxGroups} / lag.maxTopicsPerGroup {MaxTopics} (every group is still judged and alerted on; raise the bounds to graph them)")]
    private partial void LogSeriesCut(string cluster, int cut, int maxGroups, int maxTopics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka cluster {Cluster}: every group/topic pair is in the lag series again")]
    private partial void LogSeriesWhole(string cluster);

    /// <summary>Removes every series of <paramref name="gauge"/> whose label at <paramref name="index"/> is <paramref name="cluster"/>.</summary>
    private static void DropCluster(Gauge gauge, int index, string cluster)
    {
        foreach (var labels in gauge.GetAllLabelValues().Where(l => l[index] == cluster).ToList())
        {
            gauge.RemoveLabelled(labels);
        }
    }
}
