using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Rules.Evaluation;

/// <summary>How long a condition must hold to fire, and how long it must clear to resolve.</summary>
public sealed record AlertTiming(int ConfirmRounds, TimeSpan For, int ResolveRounds, TimeSpan KeepFiringFor)
{
    public static AlertTiming From(MonitorSettings settings) =>
        new(settings.ConfirmRounds, settings.For, settings.ResolveRounds, settings.KeepFiringFor);
}
