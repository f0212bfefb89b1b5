namespace QuorumMonitor.Core.Config;

/// <summary>The <c>monitor:</c> section: cadence and confirmation shared by every cluster.</summary>
public sealed record MonitorSettings
{
    /// <summary>How often each unit is probed and rules are evaluated in <c>monitor run</c>.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Default deadline of one probe unit.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive rounds a condition must hold before its alert fires (one lost packet is not a page).</summary>
    public int ConfirmRounds { get; init; } = 2;

    /// <summary>
    /// Fast confirmation: while an alert of a cluster waits for its <see cref="ConfirmRounds"/> (or a firing one for
    /// its <see cref="ResolveRounds"/>), the cluster is probed again this long after each evaluation instead of at its
    /// next interval, as Nagios re-checks a soft state at its retry interval. Zero turns it off.
    /// </summary>
    public TimeSpan ConfirmDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Consecutive clean rounds before a firing alert resolves.</summary>
    public int ResolveRounds { get; init; } = 2;

    /// <summary>Minimum time a condition must hold before its alert fires, on top of <see cref="ConfirmRounds"/>.</summary>
    public TimeSpan For { get; init; } = TimeSpan.Zero;

    /// <summary>Minimum time a firing alert keeps firing after its condition clears (hysteresis against flapping).</summary>
    public TimeSpan KeepFiringFor { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Host header values the HTTP surface answers (DNS-rebinding defence); null = loopback names, plus the literal
    /// addresses it is bound to. <c>*</c> answers any host; <c>*.example.com</c> any subdomain.
    /// </summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>Which share of the configured clusters this monitor runs (<c>monitor.shard</c>); by default all of them.</summary>
    public ShardSettings Shard { get; init; } = ShardSettings.Whole;
}
