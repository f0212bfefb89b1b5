namespace QuorumMonitor.Core.Config;

/// <summary>The <c>notify:</c> section: channels, routing by severity, the durable outbox and self-monitoring.</summary>
public sealed record NotifyConfig
{
    /// <summary>SQLite file holding the outbox and the firing/resolved state of every incident.</summary>
    public required string StateFile { get; init; }

    /// <summary>Base URL of this monitor, for generatorURL and incident links.</summary>
    public Uri ExternalUrl { get; init; } = new("http://localhost:9464");

    /// <summary>A notification undelivered for this long raises <c>AlertDeliveryFailing</c>.</summary>
    public TimeSpan FailingAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Period of the Watchdog alert and of re-sending firing alerts to Alertmanager.</summary>
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>After a restart, incidents still firing in the state file that the incident tracker has not reported again within
    /// this time are resolved (the condition cleared while the monitor was down). Null: derived from the probe cadence.</summary>
    public TimeSpan? ResumeGrace { get; init; }

    /// <summary>Long enough for a restarted monitor to confirm what is still firing: used by delivery (leftovers) and
    /// by the incident tracker (alerts carried over from the state file).</summary>
    public static TimeSpan DefaultResumeGrace(MonitorSettings m)
    {
        var confirm = (m.Interval * (m.ConfirmRounds + m.ResolveRounds + 2)) + m.For + m.Deadline;
        return confirm < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : confirm;
    }

    /// <summary>Deadline of one HTTP request to a channel.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public NotifyRetryConfig Retry { get; init; } = new();

    /// <summary>Runbook link template; <c>{alertname}</c> is replaced by the root cause's alert name.</summary>
    public string? RunbookUrl { get; init; }

    public required IReadOnlyList<NotifyChannelConfig> Channels { get; init; }

    public required IReadOnlyList<NotifyRouteConfig> Routes { get; init; }

    /// <summary>Gets severities no route takes and <c>AlertDeliveryFailing</c>; null when not configured.</summary>
    public string? Fallback { get; init; }
}
