using System.Net.Sockets;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Probes.Admin;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;
using QuorumMonitor.ZooKeeper.Probes.Wire;

namespace QuorumMonitor.ZooKeeper.Probes;

/// <summary>
/// Probes one ensemble member. <c>srvr</c> alone decides serving / not serving / refused / timeout. The extras —
/// <c>mntr</c> (or the AdminServer), a real client session — add quorum size, uptime and client reachability; each
/// runs under a sub-deadline that ends before the unit's, so a hung, huge or garbled extra becomes a problem named on
/// the member, never a member timeout or error. <c>ruok</c> is never used: it answers <c>imok</c> without quorum.
/// </summary>
public sealed class ZooKeeperMemberProbe(
    HostPort address,
    Uri? adminUrl,
    bool sessionCheck,
    TimeSpan deadline,
    AdminServerClient admin,
    TimeProvider time,
    bool declaredObserver = false) : IProbeUnit
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The extras must end by this share of the unit deadline (counted from the unit's start), leaving the rest for
    /// srvr's result to be assembled and returned before the unit deadline cancels everything.
    /// </summary>
    private const double ExtrasShare = 0.7;

    private const int NoRole = -1;

    /// <summary>The role last answered while serving, so a member that goes down keeps its voter / observer status.</summary>
    private int _lastSeenRole = NoRole;

    public string Id => address.ToString();

    public HostPort Address => address;

    public TimeSpan Deadline => deadline;

    public TimeSpan ExtrasDeadline => deadline * ExtrasShare;

    public bool DeclaredObserver => declaredObserver;

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        string srvr;
        try
        {
            srvr = await FourLetterWordClient.AskAsync(address, "srvr", cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return Result(at, started, StateOf(ex), ex.Message);
        }

        if (FourLetterWordAnswers.IsNotServing(srvr))
        {
            return Result(at, started, ZooKeeperMemberState.NotServing, "no quorum: " + FourLetterWordAnswers.NotServing);
        }

        SrvrAnswer parsed;
        try
        {
            parsed = SrvrAnswer.Parse(srvr);
        }
        catch (FormatException ex)
        {
            return Result(at, started, ZooKeeperMemberState.Error, $"unreadable srvr answer: {ex.Message}");
        }

        Remember(parsed.Role);
        var mntrTask = MntrAsync(started, cancellationToken);
        var sessionTask = sessionCheck ? SessionAsync(started, cancellationToken) : Task.FromResult<string?>(null);
        var mntr = await mntrTask.ConfigureAwait(false);
        var sessionProblem = await sessionTask.ConfigureAwait(false);

        var problems = parsed.Unreadable.Select(field => $"srvr: unreadable {field}").ToList();
        if (mntr.Problem is not null)
        {
            problems.Add(mntr.Problem);
        }

        if (sessionProblem is not null)
        {
            problems.Add("client session: " + sessionProblem);
        }

        return new ZooKeeperMemberResult
        {
            UnitId = Id,
            At = at,
            Duration = time.GetElapsedTime(started),
            Address = address,
            State = ZooKeeperMemberState.Serving,
            Role = parsed.Role,
            Version = parsed.Version,
            Zxid = parsed.Zxid,
            Outstanding = parsed.Outstanding,
            Connections = parsed.Connections,
            LatencyAvgMs = parsed.LatencyAvgMs,
            LatencyMaxMs = parsed.LatencyMaxMs,
            QuorumSize = (int?)Positive(mntr.Answer?.Long("quorum_size", problems)),
            SyncedObservers = (int?)Positive(mntr.Answer?.Long("synced_observers", problems), allowZero: true),
            SyncedFollowers = (int?)Positive(mntr.Answer?.Long("synced_followers", problems), allowZero: true),
            UptimeSeconds = mntr.Answer?.Double("uptime", problems) / 1000.0,
            MntrAllowed = mntr.Allowed,
            SessionOk = sessionCheck ? sessionProblem is null : null,
            Problems = problems,
            LastSeenRole = LastSeenRole,
                DeclaredObserver = declaredObserver,
        };
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new ZooKeeperMemberResult
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        Address = address,
        State = kind == ProbeFailureKind.Timeout ? ZooKeeperMemberState.Timeout : ZooKeeperMemberState.Error,
        Error = message,
        LastSeenRole = LastSeenRole,
        DeclaredObserver = declaredObserver,
    };

    private ZooKeeperRole? LastSeenRole => Volatile.Read(ref _lastSeenRole) is var r and not NoRole ? (ZooKeeperRole)r : null;

    /// <summary>Read-only mode hides the real role, so it never overwrites what the member said before.</summary>
    private void Remember(ZooKeeperRole? role)
    {
        if (role is ZooKeeperRole.Leader or ZooKeeperRole.Follower or ZooKeeperRole.Observer or ZooKeeperRole.Standalone)
        {
            Volatile.Write(ref _lastSeenRole, (int)role.Value);
        }
    }

    private async Task<MntrOutcome> MntrAsync(long started, CancellationToken unit)
    {
        var budget = Remaining(started);
        string text;
        try
        {
            using var sub = SubDeadline(budget, unit);
            text = await FourLetterWordClient.AskAsync(address, "mntr", sub.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsExtraFailure(ex, unit))
        {
            return new MntrOutcome(null, false, Describe("mntr", ex, budget));
        }

        if (!FourLetterWordAnswers.IsNotWhitelisted(text) && !FourLetterWordAnswers.IsNotServing(text))
        {
            try
            {
                return new MntrOutcome(MntrAnswer.Parse(text), true, null);
            }
            catch (FormatException ex)
            {
                return new MntrOutcome(null, true, "mntr: " + ex.Message);
            }
        }

        if (adminUrl is null)
        {
            return new MntrOutcome(null, false, null);
        }

        budget = Remaining(started);
        try
        {
            using var sub = SubDeadline(budget, unit);
            return new MntrOutcome(await admin.MntrAsync(adminUrl, sub.Token).ConfigureAwait(false), false, null);
        }
        catch (Exception ex) when (IsExtraFailure(ex, unit))
        {
            return new MntrOutcome(null, false, Describe($"AdminServer {adminUrl}", ex, budget));
        }
    }

    /// <returns>Null when a session opened and read the root znode; otherwise what went wrong.</returns>
    private async Task<string?> SessionAsync(long started, CancellationToken unit)
    {
        var budget = Remaining(started);
        try
        {
            using var sub = SubDeadline(budget, unit);
            await using var session = await ZooKeeperSession.ConnectAsync(address.Host, address.Port, SessionTimeout, sub.Token).ConfigureAwait(false);
            if (await session.ExistsAsync("/", sub.Token).ConfigureAwait(false) is null)
            {
                return "the root znode does not exist";
            }

            await session.CloseAsync(sub.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (IsExtraFailure(ex, unit))
        {
            return Describe(null, ex, budget);
        }
    }

    private TimeSpan Remaining(long started)
    {
        var left = ExtrasDeadline - time.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>The unit's token, cancelled also when the extra's budget runs out (on the injected clock).</summary>
    private SubDeadlineSource SubDeadline(TimeSpan budget, CancellationToken unit) => new(budget, time, unit);

    /// <summary>Everything an extra can throw is a detail, except the unit's own cancellation (then the unit timed out).</summary>
    private static bool IsExtraFailure(Exception ex, CancellationToken unit) => ex is not OperationCanceledException || !unit.IsCancellationRequested;

    private static string Describe(string? what, Exception ex, TimeSpan budget)
    {
        var text = ex is not OperationCanceledException ? ex.Message
            : budget > TimeSpan.Zero ? $"no answer within {budget.TotalMilliseconds:0} ms (its share of the deadline)"
            : "not asked: srvr used up the extras' share of the deadline";
        return what is null ? text : $"{what}: {text}";
    }

    private static long? Positive(long? value, bool allowZero = false) =>
        value is { } v && (v > 0 || (allowZero && v == 0)) && v <= int.MaxValue ? v : null;

    private ZooKeeperMemberResult Result(DateTimeOffset at, long started, ZooKeeperMemberState state, string error) => new()
    {
        UnitId = Id,
        At = at,
        Duration = time.GetElapsedTime(started),
        Address = address,
        State = state,
        Error = error,
        LastSeenRole = LastSeenRole,
        DeclaredObserver = declaredObserver,
    };

    private static ZooKeeperMemberState StateOf(SocketException ex) =>
        ex.SocketErrorCode == SocketError.ConnectionRefused ? ZooKeeperMemberState.Refused
        : ex.SocketErrorCode == SocketError.TimedOut ? ZooKeeperMemberState.Timeout
        : ZooKeeperMemberState.Error;

    private sealed record MntrOutcome(MntrAnswer? Answer, bool Allowed, string? Problem);

    private sealed class SubDeadlineSource : IDisposable
    {
        private readonly CancellationTokenSource _budget;
        private readonly CancellationTokenSource _linked;

        public SubDeadlineSource(TimeSpan budget, TimeProvider time, CancellationToken unit)
        {
            // A zero budget (srvr used it all) still gives the extra a token that is already cancelled.
            _budget = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.FromMilliseconds(1), time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(unit, _budget.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            _budget.Dispose();
        }
    }
}
