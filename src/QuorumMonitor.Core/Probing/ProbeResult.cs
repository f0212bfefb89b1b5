namespace QuorumMonitor.Core.Probing;

/// <summary>What one probe unit saw in one attempt. Kinds derive their own typed results.</summary>
public abstract record ProbeResult
{
    public required string UnitId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required TimeSpan Duration { get; init; }

    /// <summary>What the probe found, in one word (serving, refused, timeout, ...): a trace and metric tag.</summary>
    public virtual string Outcome => "ok";
}
