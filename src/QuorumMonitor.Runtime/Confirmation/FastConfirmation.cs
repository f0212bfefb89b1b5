using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime.Self;

namespace QuorumMonitor.Runtime.Confirmation;

/// <summary>
/// Fast confirmation for <c>monitor run</c>: a cluster where a unit's outcome changed (serving → refused, ok → hung)
/// and an alert waits for more rounds (pending short of <c>confirmRounds</c>, or firing with a clean streak short of
/// <c>resolveRounds</c>) is probed again
/// <c>confirmDelay</c> after its evaluation rather than at its next slot, like Nagios's retry interval for a soft
/// state. Only that cluster: every other unit keeps its slots. Bounded: at most
/// max(<c>confirmRounds</c>, <c>resolveRounds</c>) extra rounds per cluster per interval, so a flapping target costs
/// a few probes more, never a storm. The release timer is itself a punctuality check: when it fires late the monitor
/// is told (as its clock check would be), and the round is left to the regular schedule, since an overloaded monitor
/// must not hurry its own suspect verdicts.
/// </summary>
public sealed class FastConfirmation
{
    private readonly MonitorRuntime _runtime;
    private readonly MonitorSettings _settings;
    private readonly MonitorLoad _load;
    private readonly TimeProvider _time;
    // Both replaced whole when a reload adds a cluster (on the dispatcher), read from the probe loops.
    private Dictionary<ClusterRef, int> _index = [];
    private ClusterConfirmation[] _clusters;
    private readonly int _perInterval;

    public FastConfirmation(MonitorRuntime runtime, MonitorSettings settings, MonitorLoad load)
    {
        _runtime = runtime;
        _settings = settings;
        _load = load;
        _time = runtime.Time;
        _clusters = new ClusterConfirmation[runtime.Clusters.Count];
        for (var c = 0; c < _clusters.Length; c++)
        {
            _clusters[c] = new ClusterConfirmation();

            // The monitor's own self-check keeps its cadence: it is the yardstick of punctuality.
            if (runtime.Clusters[c].Cluster.Kind != ClusterKinds.Monitor)
            {
                _index[runtime.Clusters[c].Cluster] = c;
            }
        }

        _perInterval = Math.Max(settings.ConfirmRounds, settings.ResolveRounds);

        // Subscribed before the scheduler is built (it takes this instance), so a cluster is known here before its loops start.
        runtime.ClusterAdded += Added;
    }

    private void Added(int cluster)
    {
        Volatile.Write(ref _clusters, [.. _clusters, new ClusterConfirmation()]);
        var monitor = _runtime.Clusters[cluster];
        if (monitor.Cluster.Kind != ClusterKinds.Monitor)
        {
            Volatile.Write(ref _index, new Dictionary<ClusterRef, int>(_index) { [monitor.Cluster] = cluster });
        }
    }

    public bool Enabled => _settings.ConfirmDelay > TimeSpan.Zero;

    /// <summary>Rounds released for <paramref name="cluster"/> so far.</summary>
    public long Released(int cluster)
    {
        var c = Volatile.Read(ref _clusters)[cluster];
        lock (c.Lock)
        {
            return c.Released;
        }
    }

    /// <summary>
    /// After an evaluation of <paramref name="cluster"/>: a round in which a unit's outcome changed, and that left an
    /// alert short of its rounds, starts confirming; confirming goes on while an alert is still short of its rounds.
    /// A threshold alert on a steady outcome (lag, NIC load) changes no outcome and keeps the regular cadence: a
    /// second look 200 ms later would only see the same figure again.
    /// </summary>
    public void Evaluated(ClusterRef cluster, bool awaitsConfirmation)
    {
        if (!Enabled || !Volatile.Read(ref _index).TryGetValue(cluster, out var i) || _runtime.IsRetired(i))
        {
            return;
        }

        var c = Volatile.Read(ref _clusters)[i];
        lock (c.Lock)
        {
            c.Confirming = awaitsConfirmation && (c.Confirming || _runtime.LastRoundChangedState(i));
            if (!c.Confirming)
            {
                return;
            }
        }

        Request(cluster);
    }

    /// <summary>Asks for a confirmation round of <paramref name="cluster"/> in <c>confirmDelay</c>; a no-op when off,
    /// already asked, or over this interval's budget.</summary>
    public void Request(ClusterRef cluster)
    {
        if (!Enabled || !Volatile.Read(ref _index).TryGetValue(cluster, out var i) || _runtime.IsRetired(i))
        {
            return;
        }

        var c = Volatile.Read(ref _clusters)[i];
        var now = _time.GetUtcNow();
        lock (c.Lock)
        {
            if (c.Scheduled)
            {
                return;
            }

            if (now - c.WindowStart >= _settings.Interval)
            {
                c.WindowStart = now;
                c.InWindow = 0;
            }

            if (c.InWindow >= _perInterval)
            {
                return;
            }

            c.InWindow++;
            c.Scheduled = true;
        }

        var due = now + _settings.ConfirmDelay;
        lock (c.Lock)
        {
            // One timer per cluster, re-armed for each request: no timer object per fast round.
            c.Timer ??= _time.CreateTimer(static state => ((Action)state!)(), (Action)(() => Release(c)), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            c.Due = due;
            c.Timer.Change(_settings.ConfirmDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Until <paramref name="wait"/> has passed (the unit's next slot) or a confirmation round is released that the
    /// caller has not served yet. True: probe now for confirmation, and keep the slot.
    /// </summary>
    public async Task<bool> WaitAsync(int cluster, long served, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return false; // the slot is due: its probe serves any confirmation too
        }

        if (!Enabled)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var c = Volatile.Read(ref _clusters)[cluster];
        Task signal;
        lock (c.Lock)
        {
            if (c.Released > served)
            {
                return true;
            }

            signal = c.Signal.Task;
        }

        // Every unit waits here before every slot: one timed wait on the signal (a timer and a registration), not a
        // delay, a linked token source and a WhenAny. Its timeout is read from the task, never thrown.
        var waited = signal.WaitAsync(wait, _time, cancellationToken);
        await waited.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (waited.IsCompletedSuccessfully)
        {
            return true;
        }

        if (waited.IsFaulted)
        {
            _ = waited.Exception; // the slot's TimeoutException, observed
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    private void Release(ClusterConfirmation c)
    {
        DateTimeOffset due;
        lock (c.Lock)
        {
            due = c.Due;
        }

        var lag = _time.GetUtcNow() - due;
        _load.TimerRan(lag);
        TaskCompletionSource? fired = null;
        lock (c.Lock)
        {
            c.Scheduled = false;
            if (lag <= _load.LateAfter)
            {
                c.Released++;
                fired = c.Signal;
                c.Signal = ClusterConfirmation.NewSignal();
            }
        }

        fired?.TrySetResult();
    }
}
