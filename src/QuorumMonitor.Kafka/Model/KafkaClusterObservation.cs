using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Kafka.Model;

/// <summary>
/// The cluster model: which expected brokers are live, which partitions have no live leader (offline) or too few live
/// in-sync replicas, whether advertised endpoints work, how far each consumer group is behind, and how close every
/// broker's NIC is to its limit, now, by trend, and if one broker were lost.
/// </summary>
public sealed record KafkaClusterObservation : ClusterObservation
{
    /// <summary>Partition names listed in reports and alerts; counts are always complete.</summary>
    public const int ListedPartitions = 10;

    public KafkaClusterObservation(
        ClusterRef cluster,
        DateTimeOffset at,
        KafkaClusterSettings settings,
        KafkaMetadataResult metadata,
        KafkaEndpointResult? endpoints,
        KafkaLagResult? lag,
        IReadOnlyList<KafkaNicResult> nics)
        : base(cluster, at)
    {
        Settings = settings;
        Metadata = metadata;
        Endpoints = endpoints;
        Lag = lag;
        Nics = nics;
        var snapshot = metadata.Metadata;
        LiveBrokers = snapshot?.Brokers.OrderBy(b => b.Id).ToList() ?? [];
        var live = LiveBrokers.Select(b => b.Id).ToHashSet();
        var partitions = snapshot?.Partitions ?? [];
        var expected = new HashSet<int>(metadata.ExpectedBrokerIds);
        expected.UnionWith(live);
        foreach (var p in partitions)
        {
            expected.UnionWith(p.Replicas);
        }

        ExpectedBrokerIds = expected.Order().ToList();
        DownBrokerIds = snapshot is null ? [] : ExpectedBrokerIds.Where(id => !live.Contains(id)).ToList();
        OfflinePartitions = partitions.Where(p => !live.Contains(p.Leader)).ToList();
        UnderReplicatedPartitions = partitions
            .Where(p => live.Contains(p.Leader) && p.InSyncReplicas.Count(live.Contains) < p.Replicas.Count)
            .ToList();
        EndpointProblems = endpoints?.Checks.Where(c => c.State != KafkaEndpointState.Reachable).ToList() ?? [];
        Assessments = nics.Select(n => n.Assessment).OfType<NicAssessment>().OrderBy(a => a.BrokerId).ToList();
        LossImpacts = BrokerLossHeadroom.Evaluate(Assessments, DownBrokerIds);
    }

    public KafkaClusterSettings Settings { get; }

    public KafkaMetadataResult Metadata { get; }

    public KafkaEndpointResult? Endpoints { get; }

    public KafkaLagResult? Lag { get; }

    public IReadOnlyList<KafkaNicResult> Nics { get; }

    /// <summary>False when no broker answered a metadata request: the cluster is unreachable from the monitor.</summary>
    public bool Reachable => Metadata.Metadata is not null;

    public IReadOnlyList<KafkaBroker> LiveBrokers { get; }

    public IReadOnlyList<int> ExpectedBrokerIds { get; }

    public IReadOnlyList<int> DownBrokerIds { get; }

    /// <summary>Partitions whose leader is not a live broker: no one can produce to or consume from them.</summary>
    public IReadOnlyList<KafkaPartitionInfo> OfflinePartitions { get; }

    /// <summary>Partitions with fewer live in-sync replicas than replicas (a dead broker is never in sync).</summary>
    public IReadOnlyList<KafkaPartitionInfo> UnderReplicatedPartitions { get; }

    public IReadOnlyList<KafkaEndpointCheck> EndpointProblems { get; }

    public IReadOnlyList<KafkaGroupLag> Groups => Lag?.Groups ?? [];

    /// <summary>The groups rules judge: configured ones always, discovered ones unless abandoned.</summary>
    public IEnumerable<KafkaGroupLag> JudgedGroups => Groups.Where(g => !g.Abandoned);

    public IReadOnlyList<NicAssessment> Assessments { get; }

    public IReadOnlyList<BrokerLossImpact> LossImpacts { get; }

    public string StateName => !Reachable || OfflinePartitions.Count > 0 ? "unavailable"
        : DownBrokerIds.Count > 0 || UnderReplicatedPartitions.Count > 0 || EndpointProblems.Count > 0
          || JudgedGroups.Any(g => g.Status != ConsumerStatus.Ok) || Assessments.Any(a => a.Saturated) || LossImpacts.Any(i => i.Cascades)
            ? "degraded"
            : "ok";

    /// <summary>How permits and the status name a broker (<c>broker-N</c>).</summary>
    public static string BrokerMember(int id) => $"broker-{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The broker's planned restart (a restart permit held for it), or null.</summary>
    public PlannedRestart? PlannedForBroker(int id) => PlannedRestarts.Count == 0 ? null : PlannedFor(BrokerMember(id));

    /// <summary>
    /// The partition is short of in-sync replicas only because brokers under a restart permit are out of it (down, or
    /// back and still catching up): the permit was granted on that arithmetic.
    /// </summary>
    public bool ShortOnlyOfPlanned(KafkaPartitionInfo p)
    {
        if (PlannedRestarts.Count == 0)
        {
            return false;
        }

        var live = LiveBrokers.Select(b => b.Id).ToHashSet();
        var missing = p.Replicas.Where(r => !(live.Contains(r) && p.InSyncReplicas.Contains(r))).ToList();
        return missing.Count > 0 && missing.All(r => PlannedForBroker(r) is not null);
    }

    /// <summary>"; broker-2: planned restart, permit #4 held by ...", for every permit held: what a page names.</summary>
    public string PlannedText => string.Concat(PlannedRestarts.Select(p => $"; {p.Member}: {p.Text}"));

    /// <summary>
    /// Brokers by the name permits use, so the common-cause detector tells a planned restart from an unplanned one.
    /// </summary>
    public override IEnumerable<MemberStatus> MemberStatuses() =>
        ExpectedBrokerIds.Select(id => new MemberStatus(BrokerMember(id), MemberOf(id).State, null));

    public static string PartitionList(IEnumerable<KafkaPartitionInfo> partitions, int total) =>
        string.Join(", ", partitions.Take(ListedPartitions).Select(p => p.Name)) + (total > ListedPartitions ? $" and {total - ListedPartitions} more" : "");

    public override ClusterReport ToReport() => new()
    {
        Kind = Cluster.Kind,
        Name = Cluster.Name,
        State = StateName,
        Members = ExpectedBrokerIds.Select(MemberOf).ToList(),
        Details = new Dictionary<string, object?>
        {
            ["error"] = Metadata.Error,
            ["dependsOn"] = Settings.DependsOn,
            ["liveBrokers"] = LiveBrokers.Select(b => b.Id).ToList(),
            ["expectedBrokers"] = ExpectedBrokerIds,
            ["downBrokers"] = DownBrokerIds,
            ["controller"] = Metadata.ControllerId,
            ["partitions"] = Metadata.Metadata?.Partitions.Count,
            ["offlinePartitions"] = OfflinePartitions.Count,
            ["offlinePartitionNames"] = OfflinePartitions.Take(ListedPartitions).Select(p => p.Name).ToList(),
            ["underReplicatedPartitions"] = UnderReplicatedPartitions.Count,
            ["underReplicatedPartitionNames"] = UnderReplicatedPartitions.Take(ListedPartitions).Select(p => p.Name).ToList(),
            ["consumerGroups"] = Groups.Select(GroupReport).ToList(),
            ["lagError"] = Lag?.Error,
            ["lagTimestampLookups"] = Lag?.TimestampLookups is { } l
                ? new Dictionary<string, object?> { ["planned"] = l.Planned, ["read"] = l.Read, ["error"] = l.Error }.Where(kv => kv.Value is not null).ToDictionary()
                : null,
            ["network"] = Nics.Count == 0 ? null : Nics.Select(NicReport).ToList(),
            ["brokerLoss"] = LossImpacts.Count == 0 ? null : LossImpacts.Select(i => new Dictionary<string, object?>
            {
                ["failedBroker"] = i.FailedBroker,
                ["worstSurvivor"] = i.WorstSurvivor,
                ["predictedSurvivorMbps"] = Mbps(i.PredictedSurvivorBps),
                ["survivorLimitMbps"] = Mbps(i.SurvivorLimitBps),
                ["headroomRatio"] = Math.Round(i.HeadroomRatio, 3),
            }).ToList(),
            ["brokerLossAlreadyDown"] = LossImpacts.Count == 0 || DownBrokerIds.Count == 0 ? null : DownBrokerIds,
            ["fallbacks"] = Metadata.Fallbacks.Concat(Lag?.Fallbacks ?? []).Distinct().ToList(),
        }.Where(kv => kv.Value is not null).ToDictionary(),
    };

    public static double Mbps(double bytesPerSecond) => Math.Round(bytesPerSecond / 125_000, 3);

    private MemberReport MemberOf(int id)
    {
        var liveBroker = LiveBrokers.FirstOrDefault(b => b.Id == id);
        var problem = EndpointProblems.FirstOrDefault(c => c.Broker.Id == id);
        var known = liveBroker ?? Metadata.KnownBrokers.FirstOrDefault(b => b.Id == id);
        return new MemberReport
        {
            Address = known?.Address ?? $"broker-{id}",
            State = liveBroker is null ? (Reachable ? "down" : "unknown")
                : problem is null ? "serving"
                : problem.State == KafkaEndpointState.Unresolvable ? "unresolvable" : "unreachable",
            Role = Metadata.ControllerId == id ? "controller" : null,
            Error = problem?.Error,
            Details = new Dictionary<string, object?> { ["brokerId"] = id, ["plannedRestart"] = PlannedForBroker(id)?.Text }
                .Where(kv => kv.Value is not null).ToDictionary(),
        };
    }

    private static Dictionary<string, object?> GroupReport(KafkaGroupLag g) => new()
    {
        ["group"] = g.Group,
        ["sink"] = g.Sink,
        ["status"] = Names.Kebab(g.Status),
        ["discovered"] = g.Discovered,
        ["abandoned"] = g.Abandoned,
        ["lagMessages"] = g.LagMessages,
        ["lagSeconds"] = g.MaxLagSeconds,
        ["lagSource"] = Names.Kebab(g.LagSource),
        ["committedPartitions"] = g.CommittedPartitions,
        ["complete"] = Math.Round(g.Complete, 3),
        ["topics"] = g.Topics.Select(t => new Dictionary<string, object?>
        {
            ["topic"] = t.Topic,
            ["status"] = Names.Kebab(t.Status),
            ["lagMessages"] = t.LagMessages,
            ["lagSeconds"] = t.MaxLagSeconds,
            ["lagSource"] = Names.Kebab(t.LagSource),
            ["interpolatedPartitions"] = t.InterpolatedPartitions,
            ["partitions"] = t.Partitions,
            ["worstPartitions"] = t.WorstPartitions.Select(p => new Dictionary<string, object?>
            {
                ["partition"] = p.Partition,
                ["committed"] = p.Committed,
                ["logEnd"] = p.LogEnd,
                ["lag"] = p.Lag,
                ["lagSeconds"] = p.LagSeconds,
                ["lagSecondsIsLowerBound"] = p.LagSecondsIsLowerBound,
                ["lagSource"] = Names.Kebab(p.LagSource),
                ["timestampType"] = p.TimestampType is { } type ? type.ToString() : null,
                ["status"] = Names.Kebab(p.Status),
            }).ToList(),
        }).ToList(),
    };

    private static Dictionary<string, object?> NicReport(KafkaNicResult n) => new Dictionary<string, object?>
    {
        ["broker"] = n.BrokerId,
        ["source"] = n.Source,
        ["error"] = n.Error,
        ["transmitMbps"] = n.Assessment is { } a ? Mbps(a.TransmitBps) : null,
        ["receiveMbps"] = n.Assessment is { } b ? Mbps(b.ReceiveBps) : null,
        ["capacityMbps"] = n.Assessment?.CapacityBps is { } c ? Mbps(c) : null,
        ["capacitySource"] = n.Assessment?.CapacitySource,
        ["utilization"] = n.Assessment?.Utilization is { } u ? Math.Round(u, 4) : null,
        ["fanOut"] = n.Assessment?.FanOut is { } f ? Math.Round(f, 2) : null,
        ["secondsToLimit"] = n.Assessment?.SecondsToLimit is { } s ? Math.Round(s) : null,
    }.Where(kv => kv.Value is not null).ToDictionary();
}
