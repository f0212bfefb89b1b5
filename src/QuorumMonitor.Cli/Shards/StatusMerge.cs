using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Shards;

/// <summary>
/// Merges the <c>/api/v1/status</c> of several monitors (the shards of <c>monitor.shard</c>, or an HA pair's two
/// members) for <c>monitor status --url A --url B ...</c>. A cluster reported by more than one monitor (an HA pair
/// runs the same clusters) is shown once, from the first URL that has it, with that monitor's alerts for it; incidents
/// are kept once per id. Each monitor's own cluster (kind <c>monitor</c>), its alerts and its delivery channels are
/// named after the monitor's host:port, so each monitor's health stays its own line. The verdict: critical when any
/// monitor says critical (a page outranks a gap in the view), else unknown when any monitor did not answer, said
/// unknown, or a shard went unanswered, else the worst of the rest.
/// </summary>
public static class StatusMerge
{
    public static MergedStatus Of(IReadOnlyList<MonitorAnswer> answers)
    {
        var problems = new List<string>();
        var clusters = new List<ClusterReport>();
        var alerts = new List<AlertReport>();
        var incidents = new List<IncidentReport>();
        var taken = new HashSet<(string Kind, string Name)>();
        var incidentIds = new HashSet<string>(StringComparer.Ordinal);
        var deliveries = new List<(DeliveryReport Report, string Monitor)>();
        var statuses = new List<MonitorStatus>();
        foreach (var answer in answers)
        {
            if (answer.Report is not { } report)
            {
                problems.Add($"monitor {answer.Url} did not answer: {answer.Error ?? "no reason given"}");
                continue;
            }

            var monitor = answer.Monitor;
            statuses.Add(report.Status);
            var mine = new HashSet<(string Kind, string Name)>();
            foreach (var cluster in report.Clusters)
            {
                var own = cluster.Kind == ClusterKinds.Monitor ? Renamed(cluster, monitor) : cluster;
                if (taken.Add((own.Kind, own.Name)))
                {
                    mine.Add((own.Kind, own.Name));
                    clusters.Add(own);
                }
            }

            foreach (var alert in report.Alerts)
            {
                var own = alert.Kind == ClusterKinds.Monitor ? Renamed(alert, monitor) : alert;
                // A cluster another monitor already showed brings that monitor's alerts, not a second copy.
                if (mine.Contains((own.Kind, own.Cluster)) || !taken.Contains((own.Kind, own.Cluster)))
                {
                    alerts.Add(own);
                }
            }

            incidents.AddRange(report.Incidents.Where(i => incidentIds.Add(i.Id)));
            if (report.Delivery is { } delivery)
            {
                deliveries.Add((delivery, monitor));
            }
        }

        problems.AddRange(ShardGaps(answers));
        var merged = new StatusReport
        {
            Status = Verdict(statuses, problems.Count > 0),
            GeneratedAt = answers.Select(a => a.Report?.GeneratedAt ?? DateTimeOffset.MinValue).DefaultIfEmpty().Max(),
            Clusters = clusters,
            Alerts = alerts,
            Incidents = incidents,
            Delivery = deliveries.Count == 0 ? null : Delivery(deliveries),
        };
        return new MergedStatus(merged, answers, problems);
    }

    private static MonitorStatus Verdict(List<MonitorStatus> statuses, bool incomplete) =>
        statuses.Contains(MonitorStatus.Critical) ? MonitorStatus.Critical
        : incomplete || statuses.Contains(MonitorStatus.Unknown) || statuses.Count == 0 ? MonitorStatus.Unknown
        : statuses.Contains(MonitorStatus.Warning) ? MonitorStatus.Warning
        : MonitorStatus.Ok;

    /// <summary>Shards the answering monitors name but none of them is: their clusters are missing from the view.</summary>
    private static IEnumerable<string> ShardGaps(IReadOnlyList<MonitorAnswer> answers)
    {
        var shards = answers.Where(a => a.Report?.Shard is not null).Select(a => (a.Url, Shard: a.Report!.Shard!)).ToList();
        var counts = shards.Select(s => s.Shard.Count).Distinct().ToList();
        if (counts.Count > 1)
        {
            yield return $"the monitors disagree on the shard count: {string.Join(", ", shards.Select(s => $"{s.Url} is shard {s.Shard.Index} of {s.Shard.Count}"))}";
            yield break;
        }

        if (counts.Count == 1)
        {
            var missing = Enumerable.Range(0, counts[0]).Except(shards.Select(s => s.Shard.Index)).ToList();
            if (missing.Count > 0)
            {
                yield return $"no answer for shard(s) {string.Join(", ", missing)} of {counts[0]}: their clusters are not in this view";
            }
        }
    }

    private static DeliveryReport Delivery(List<(DeliveryReport Report, string Monitor)> deliveries) => new()
    {
        Healthy = deliveries.All(d => d.Report.Healthy),
        QueueDepth = deliveries.Sum(d => d.Report.QueueDepth),
        OldestUndeliveredSeconds = deliveries.Max(d => d.Report.OldestUndeliveredSeconds),
        DeadLetters = deliveries.Sum(d => d.Report.DeadLetters),
        Channels = [.. deliveries.SelectMany(d => d.Report.Channels.Select(c => new ChannelDeliveryReport
        {
            Name = deliveries.Count == 1 ? c.Name : $"{c.Name}@{d.Monitor}",
            Kind = c.Kind,
            Healthy = c.Healthy,
            QueueDepth = c.QueueDepth,
            Reason = c.Reason,
            FailingSince = c.FailingSince,
            LastDeliveredAt = c.LastDeliveredAt,
        }))],
    };

    private static ClusterReport Renamed(ClusterReport c, string monitor) => new()
    {
        Kind = c.Kind,
        Name = $"{c.Name}@{monitor}",
        State = c.State,
        Members = c.Members,
        Suspect = c.Suspect,
        Details = c.Details,
    };

    private static AlertReport Renamed(AlertReport a, string monitor) => new()
    {
        Name = a.Name,
        Severity = a.Severity,
        State = a.State,
        Kind = a.Kind,
        Cluster = $"{a.Cluster}@{monitor}",
        Summary = a.Summary,
        Labels = a.Labels,
        ActiveSince = a.ActiveSince,
        FiringSince = a.FiringSince,
        ResolvedAt = a.ResolvedAt,
        Fingerprint = a.Fingerprint,
        Incident = a.Incident,
        CausedBy = a.CausedBy,
    };
}
