using System.Net.Sockets;
using QuorumMonitor.Core.Config;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// An outside observer of an ensemble, independent of the monitor under test: every 200 ms it asks every member
/// <c>srvr</c> (the product's own 4lw client, whose answer is bounded in size; each ask bounded in time) and records
/// what each member said. A sample has a serving quorum when a majority answer as leader or follower.
/// </summary>
internal sealed class SrvrQuorumSampler : IAsyncDisposable
{
    /// <summary>What one member answered: leader, follower, not-serving (up, electing), down (refused) or no-answer.</summary>
    public sealed record Sample(DateTime At, IReadOnlyList<string> Modes)
    {
        public int Serving => Modes.Count(m => m is "leader" or "follower");

        /// <summary>Members whose process answered at all: serving or electing.</summary>
        public int Up => Modes.Count(m => m is "leader" or "follower" or "not-serving");

        public override string ToString() => $"{At:HH:mm:ss.fff} [{string.Join(", ", Modes)}]";
    }

    /// <summary>Generous for a loaded machine: a serving member that is merely slow must not read as down.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<HostPort> _members;
    private readonly List<Sample> _samples = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private SrvrQuorumSampler(IReadOnlyList<HostPort> members)
    {
        _members = members;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public int Quorum => (_members.Count / 2) + 1;

    public static SrvrQuorumSampler Start(IReadOnlyList<HostPort> members) => new(members);

    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    public async Task<IReadOnlyList<Sample>> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        return Samples;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        do
        {
            var at = DateTime.UtcNow;
            var modes = await Task.WhenAll(_members.Select(m => ModeAsync(m, cancellationToken)));
            lock (_lock)
            {
                _samples.Add(new Sample(at, modes));
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private static async Task<string> ModeAsync(HostPort member, CancellationToken cancellationToken)
    {
        using var ask = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ask.CancelAfter(AskTimeout);
        try
        {
            var answer = await FourLetterWordClient.AskAsync(member, "srvr", ask.Token);
            if (FourLetterWordAnswers.IsNotServing(answer))
            {
                return "not-serving";
            }

            return SrvrAnswer.Parse(answer).Role?.ToString().ToLowerInvariant() ?? "unknown";
        }
        catch (SocketException)
        {
            return "down";
        }
        catch (FormatException)
        {
            return "unreadable";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "no-answer";
        }
    }
}
