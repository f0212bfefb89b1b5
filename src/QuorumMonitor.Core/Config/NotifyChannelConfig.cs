namespace QuorumMonitor.Core.Config;

/// <summary>One <c>notify.channels</c> entry: where notifications go and how.</summary>
public sealed record NotifyChannelConfig
{
    public required string Name { get; init; }

    public required NotifyChannelKind Kind { get; init; }

    /// <summary>Alertmanager: every member of the HA cluster (each gets every alert). PagerDuty, webhook: one URL.</summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

    /// <summary>PagerDuty Events v2 integration key; null for other kinds.</summary>
    public Secret? RoutingKey { get; init; }

    /// <summary>Client-side pace (PagerDuty allows about 120 events per minute per routing key).</summary>
    public int EventsPerMinute { get; init; } = 120;
}
