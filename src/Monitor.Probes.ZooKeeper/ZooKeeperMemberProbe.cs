using System.Net.Sockets;
using Monitor.Core.Config;
using Monitor.Core.Probing;
using Monitor.Core.ZooKeeper;
using Monitor.Probes.ZooKeeper.Admin;
using Monitor.Probes.ZooKeeper.FourLetterWords;
using Monitor.Probes.ZooKeeper.Wire;

namespace Monitor.Probes.ZooKeeper;

/// <summary>
/// Probes one ensemble member: <c>srvr</c> decides serving / not serving / refused; <c>mntr</c> (or the AdminServer)
/// adds quorum size and uptime; a real client session proves that clients can actually use the member.
/// <c>ruok</c> is never used: it answers <c>imok</c> without quorum.
/// </summary>
public sealed class ZooKeeperMemberProbe(
    HostPort address,
    Uri? adminUrl,
    bool sessionCheck,
    TimeSpan deadline,
    AdminServerClient admin,
    TimeProvider time) : IProbeUnit
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(4);

    public string Id => address.ToString();

    public HostPort Address => address;

    public TimeSpan Deadline => deadline;

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

        var mntrTask = MntrAsync(cancellationToken);
        var sessionTask = sessionCheck ? SessionAsync(cancellationToken) : Task.FromResult<string?>(null);
        var (mntr, mntrAllowed) = await mntrTask.ConfigureAwait(false);
        var sessionProblem = await sessionTask.ConfigureAwait(false);

        var observation = new ZooKeeperMemberObservation
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
            QuorumSize = (int?)mntr?.Long("quorum_size"),
            UptimeSeconds = mntr?.Double("uptime") / 1000.0,
            MntrAllowed = mntrAllowed,
            SessionOk = sessionCheck ? sessionProblem is null : null,
        };

        // srvr said serving, but a client could not open a session: to clients this member is not serving.
        return sessionProblem is null
            ? observation
            : observation with { State = ZooKeeperMemberState.NotServing, Error = "client session failed: " + sessionProblem };
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new ZooKeeperMemberObservation
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        Address = address,
        State = kind == ProbeFailureKind.Timeout ? ZooKeeperMemberState.Timeout : ZooKeeperMemberState.Error,
        Error = message,
    };

    private async Task<(MntrAnswer? Answer, bool Allowed)> MntrAsync(CancellationToken cancellationToken)
    {
        var text = await FourLetterWordClient.AskAsync(address, "mntr", cancellationToken).ConfigureAwait(false);
        if (!FourLetterWordAnswers.IsNotWhitelisted(text) && !FourLetterWordAnswers.IsNotServing(text))
        {
            return (MntrAnswer.Parse(text), true);
        }

        if (adminUrl is null)
        {
            return (null, false);
        }

        return (await admin.MntrAsync(adminUrl, cancellationToken).ConfigureAwait(false), false);
    }

    /// <returns>Null when a session opened and read the root znode; otherwise what went wrong.</returns>
    private async Task<string?> SessionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var session = await ZooKeeperSession.ConnectAsync(address.Host, address.Port, SessionTimeout, cancellationToken).ConfigureAwait(false);
            if (await session.ExistsAsync("/", cancellationToken).ConfigureAwait(false) is null)
            {
                return "the root znode does not exist";
            }

            await session.CloseAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is SocketException or ZooKeeperProtocolException or ZooKeeperErrorException)
        {
            return ex.Message;
        }
    }

    private ZooKeeperMemberObservation Result(DateTimeOffset at, long started, ZooKeeperMemberState state, string error) => new()
    {
        UnitId = Id,
        At = at,
        Duration = time.GetElapsedTime(started),
        Address = address,
        State = state,
        Error = error,
    };

    private static ZooKeeperMemberState StateOf(SocketException ex) =>
        ex.SocketErrorCode == SocketError.ConnectionRefused ? ZooKeeperMemberState.Refused
        : ex.SocketErrorCode == SocketError.TimedOut ? ZooKeeperMemberState.Timeout
        : ZooKeeperMemberState.Error;
}
