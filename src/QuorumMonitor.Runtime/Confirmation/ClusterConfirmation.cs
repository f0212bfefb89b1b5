namespace QuorumMonitor.Runtime.Confirmation;

/// <summary>One cluster's fast-confirmation state: the requests served so far and the budget of the current interval.</summary>
internal sealed class ClusterConfirmation
{
    public Lock Lock { get; } = new();

    /// <summary>Confirmation rounds released so far; a unit loop that served fewer probes again.</summary>
    public long Released { get; set; }

    /// <summary>Completed (and replaced) when a round is released, waking the cluster's waiting unit loops.</summary>
    public TaskCompletionSource Signal { get; set; } = NewSignal();

    /// <summary>A state change is being confirmed: fast rounds go on while an alert is short of its rounds.</summary>
    public bool Confirming { get; set; }

    /// <summary>The release timer, created on the first request and re-armed for each.</summary>
    public ITimer? Timer { get; set; }

    /// <summary>When the armed release is due.</summary>
    public DateTimeOffset Due { get; set; }

    /// <summary>A release is on its timer.</summary>
    public bool Scheduled { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public int InWindow { get; set; }

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
