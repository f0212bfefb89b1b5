using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Rules.Evaluation;

/// <summary>
/// The state machine of one alert: inactive → pending → firing → resolved. A condition fires only after it held for
/// <see cref="AlertTiming.ConfirmRounds"/> consecutive evaluations and <see cref="AlertTiming.For"/>; a firing alert
/// resolves only after <see cref="AlertTiming.ResolveRounds"/> clean evaluations and <see cref="AlertTiming.KeepFiringFor"/>.
/// </summary>
public sealed class AlertTracker(AlertCandidate candidate, AlertTiming timing)
{
    private int _consecutiveTrue;
    private int _consecutiveFalse;
    private DateTimeOffset _clearedSince;

    public AlertCandidate Candidate { get; private set; } = candidate;

    public AlertState State { get; private set; } = AlertState.Inactive;

    public DateTimeOffset ActiveSince { get; private set; }

    public DateTimeOffset? FiringSince { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>
    /// Pending with fewer than its confirm rounds, or firing with a clean streak short of its resolve rounds: another
    /// observation soon would settle it. Time-only conditions (<c>for</c>, <c>keepFiringFor</c>) are not counted: more
    /// rounds do not make time pass faster.
    /// </summary>
    public bool AwaitsConfirmation =>
        (State == AlertState.Pending && _consecutiveTrue < timing.ConfirmRounds)
        || (State == AlertState.Firing && _consecutiveFalse > 0 && _consecutiveFalse < timing.ResolveRounds);

    /// <returns>The previous state when this observation changed it; otherwise null.</returns>
    public AlertState? Observe(AlertCandidate? active, DateTimeOffset now)
    {
        var before = State;
        if (active is not null)
        {
            Candidate = active;
            _consecutiveFalse = 0;
            if (State is AlertState.Inactive or AlertState.Resolved)
            {
                State = AlertState.Pending;
                ActiveSince = now;
                FiringSince = null;
                ResolvedAt = null;
                _consecutiveTrue = 0;
            }

            _consecutiveTrue++;
            if (State == AlertState.Pending && _consecutiveTrue >= timing.ConfirmRounds && now - ActiveSince >= Max(timing.For, active.HoldFor))
            {
                State = AlertState.Firing;
                FiringSince = now;
            }
        }
        else
        {
            _consecutiveTrue = 0;
            if (State == AlertState.Pending)
            {
                State = AlertState.Inactive;
            }
            else if (State == AlertState.Firing)
            {
                if (_consecutiveFalse++ == 0)
                {
                    _clearedSince = now;
                }

                if (_consecutiveFalse >= timing.ResolveRounds && now - _clearedSince >= timing.KeepFiringFor)
                {
                    State = AlertState.Resolved;
                    ResolvedAt = now;
                }
            }
        }

        return State == before ? null : before;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    public AlertReport ToReport() => new()
    {
        Name = Candidate.Name,
        Severity = Candidate.Severity,
        State = State,
        Kind = Candidate.Cluster.Kind,
        Cluster = Candidate.Cluster.Name,
        Summary = Candidate.Summary,
        Labels = Candidate.Labels,
        ActiveSince = ActiveSince,
        FiringSince = FiringSince,
        ResolvedAt = ResolvedAt,
        Fingerprint = Candidate.Fingerprint,
    };
}
