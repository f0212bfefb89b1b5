using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Self;
using QuorumMonitor.Incidents;

namespace QuorumMonitor.Runtime.Self;

/// <summary>
/// What the scheduler and the dispatcher tell about their own punctuality, summed up per window for the self-check.
/// Many timeouts at once say little on their own (a network partition looks the same); probes that start late
/// against their schedule, and events that wait for the dispatcher, are the monitor's own doing, and make every
/// timeout it measures in that window suspect. Written from many threads with interlocked counters; read by one.
/// </summary>
public sealed class MonitorLoad : IMonitorPunctuality
{
    /// <summary>Share of probe starts that may be late before the window counts as overloaded.</summary>
    private const double LateShare = 0.1;

    private const int MinLateStarts = 3;

    // Every target silent at once says "the monitor is cut off" only with enough targets to be a pattern.
    private const int MinUnanswered = 6;
    private const int MinClustersCutOff = 3;

    private static readonly TimeSpan MinLateAfter = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly MonitorSettings _settings;
    private readonly Lock _timeoutsLock = new();
    private HashSet<int> _clustersWithTimeouts = [];
    private long _starts;
    private long _lateStarts;
    private long _maxStartLagTicks;
    private long _maxTimerLagTicks;

    // When the clock check's next tick is due (UTC ticks; 0 before it starts): overdue now means stalled now, before
    // the late tick has had a chance to report itself.
    private long _clockDueTicks;
    private long _skipped;
    private long _maxQueueTicks;
    private long _timeouts;
    private DateTimeOffset _windowStart;

    // A sliding view over the last two intervals (two buckets), for the live check; the windows above reset on each reading.
    private readonly Lock _recentLock = new();
    private DateTimeOffset _bucketStart;
    private Tally _current;
    private Tally _previous;
    private HashSet<int> _currentSilent = [];
    private HashSet<int> _previousSilent = [];
    private HashSet<int> _silentClusters = [];
    private long _answered;
    private long _unanswered;

    public MonitorLoad(TimeProvider time, MonitorSettings settings)
    {
        _time = time;
        _settings = settings;
        _windowStart = time.GetUtcNow();
        _bucketStart = _windowStart;
        // Never below a quarter second: a busy but healthy machine starts timers tens of milliseconds late, and that
        // must not read as overload.
        var late = Min(settings.Interval / 2, settings.Deadline / 4);
        LateAfter = late < MinLateAfter ? MinLateAfter : late;
    }

    /// <summary>A start later than this past its slot is late: a quarter of a deadline already lost to the monitor.</summary>
    public TimeSpan LateAfter { get; }

    /// <summary>Clusters being probed (set by the scheduler when it starts).</summary>
    public int Clusters { get; set; }

    /// <summary>Queue depth of the dispatcher, read when the window closes.</summary>
    public Func<int> QueueDepth { get; set; } = () => 0;

    public void ProbeStarted(TimeSpan lag)
    {
        var late = lag > LateAfter;
        Interlocked.Increment(ref _starts);
        if (late)
        {
            Interlocked.Increment(ref _lateStarts);
        }

        RaiseMax(ref _maxStartLagTicks, lag.Ticks);
        lock (_recentLock)
        {
            Rotate(_time.GetUtcNow());
            _current = _current with { Starts = _current.Starts + 1, Late = _current.Late + (late ? 1 : 0) };
        }
    }

    /// <summary>
    /// A probe of a target (not the self-check) ended: with any answer at all (even "not serving", "access denied"),
    /// or with none (timeout, refused, unreachable). Everything unanswered at once is the monitor's problem first.
    /// </summary>
    public void Probed(int cluster, bool answered)
    {
        if (answered)
        {
            Interlocked.Increment(ref _answered);
        }
        else
        {
            Interlocked.Increment(ref _unanswered);
        }

        lock (_recentLock)
        {
            Rotate(_time.GetUtcNow());
            if (answered)
            {
                _current = _current with { Answered = _current.Answered + 1 };
            }
            else
            {
                _current = _current with { Unanswered = _current.Unanswered + 1 };
                _currentSilent.Add(cluster);
                _silentClusters.Add(cluster);
            }
        }
    }

    public string? WhyNotTrusted(DateTimeOffset now)
    {
        Tally recent;
        int silent;
        lock (_recentLock)
        {
            Rotate(now);
            recent = _current + _previous;
            silent = _currentSilent.Union(_previousSilent).Count();
        }

        var due = Interlocked.Read(ref _clockDueTicks);
        var overdue = due == 0 ? TimeSpan.Zero : now - new DateTimeOffset(due, TimeSpan.Zero);
        var timerLag = TimeSpan.FromTicks(Math.Max(recent.MaxTimerLagTicks, overdue.Ticks));
        return IsOverloaded(recent.Late, recent.Starts) ? LateText(recent.Late, recent.Starts)
            : timerLag > LateAfter ? TimerLagText(timerLag)
            : IsCutOff(recent.Answered, recent.Unanswered, silent) ? CutOffText(recent.Unanswered, silent)
            : null;
    }

    /// <summary>The clock check's next tick is due at <paramref name="due"/>.</summary>
    public void ClockTickDue(DateTimeOffset due) => Interlocked.Exchange(ref _clockDueTicks, due.UtcTicks);

    /// <summary>The clock check's tick ran <paramref name="lag"/> after it was due.</summary>
    public void ClockTicked(TimeSpan lag) => TimerRan(lag);

    /// <summary>One of the monitor's own timers (the clock check's, a fast confirmation's) ran <paramref name="lag"/> after it was due.</summary>
    public void TimerRan(TimeSpan lag)
    {
        RaiseMax(ref _maxTimerLagTicks, lag.Ticks);
        lock (_recentLock)
        {
            Rotate(_time.GetUtcNow());
            if (lag.Ticks > _current.MaxTimerLagTicks)
            {
                _current = _current with { MaxTimerLagTicks = lag.Ticks };
            }
        }
    }

    public void SlotsSkipped(long count) => Interlocked.Add(ref _skipped, count);

    public void Dispatched(TimeSpan waited) => RaiseMax(ref _maxQueueTicks, waited.Ticks);

    public void TimedOut(int cluster)
    {
        Interlocked.Increment(ref _timeouts);
        lock (_timeoutsLock)
        {
            _clustersWithTimeouts.Add(cluster);
        }
    }

    /// <summary>Closes the window: its figures and verdict, and a fresh window from now.</summary>
    public MonitorLoadResult Read(string unitId)
    {
        var now = _time.GetUtcNow();
        HashSet<int> withTimeouts;
        lock (_timeoutsLock)
        {
            withTimeouts = _clustersWithTimeouts;
            _clustersWithTimeouts = [];
        }

        var starts = Interlocked.Exchange(ref _starts, 0);
        var late = Interlocked.Exchange(ref _lateStarts, 0);
        var maxLag = TimeSpan.FromTicks(Interlocked.Exchange(ref _maxStartLagTicks, 0));
        var timerLag = TimeSpan.FromTicks(Interlocked.Exchange(ref _maxTimerLagTicks, 0));
        var maxQueue = TimeSpan.FromTicks(Interlocked.Exchange(ref _maxQueueTicks, 0));
        var depth = QueueDepth();
        var overload = new List<string>();
        if (IsOverloaded(late, starts))
        {
            overload.Add(LateText(late, starts));
        }

        if (timerLag > LateAfter)
        {
            overload.Add(TimerLagText(timerLag));
        }

        var answered = Interlocked.Exchange(ref _answered, 0);
        var unanswered = Interlocked.Exchange(ref _unanswered, 0);
        int silent;
        lock (_recentLock)
        {
            silent = _silentClusters.Count;
            _silentClusters = [];
        }

        if (IsCutOff(answered, unanswered, silent))
        {
            overload.Add(CutOffText(unanswered, silent));
        }

        if (maxQueue > _settings.Interval)
        {
            overload.Add($"pipeline events waited {maxQueue.TotalSeconds:0.0} s for the dispatcher (interval {_settings.Interval.TotalSeconds:0.#} s)");
        }

        var window = now - _windowStart;
        _windowStart = now;
        return new MonitorLoadResult
        {
            UnitId = unitId,
            At = now,
            Duration = TimeSpan.Zero,
            Window = window,
            ProbeStarts = starts,
            LateStarts = late,
            LateAfter = LateAfter,
            MaxStartLag = maxLag,
            MaxTimerLag = timerLag,
            SkippedSlots = Interlocked.Exchange(ref _skipped, 0),
            MaxQueueLatency = maxQueue,
            QueueDepth = depth,
            ThreadPoolQueue = ThreadPool.PendingWorkItemCount,
            ThreadPoolThreads = ThreadPool.ThreadCount,
            Timeouts = Interlocked.Exchange(ref _timeouts, 0),
            ClustersWithTimeouts = withTimeouts.Count,
            Clusters = Clusters,
            Overload = overload,
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool IsOverloaded(long late, long starts) => late >= MinLateStarts && late >= starts * LateShare;

    private static bool IsCutOff(long answered, long unanswered, int silentClusters) =>
        answered == 0 && unanswered >= MinUnanswered && silentClusters >= MinClustersCutOff;

    private static string CutOffText(long unanswered, int silentClusters) =>
        $"not one target answered ({unanswered} probes on {silentClusters} clusters timed out, were refused or unreachable): the monitor's own network or host is the likeliest cause";

    private static string TimerLagText(TimeSpan lag) =>
        $"the monitor's own timers ran {lag.TotalMilliseconds:0} ms late: it is starved of CPU or threads, so its timeouts are suspect";

    private string LateText(long late, long starts) => $"{late} of {starts} probes started more than {LateAfter.TotalMilliseconds:0} ms after their slot";

    private readonly record struct Tally(long Starts, long Late, long Answered, long Unanswered, long MaxTimerLagTicks)
    {
        public static Tally operator +(Tally a, Tally b) =>
            new(a.Starts + b.Starts, a.Late + b.Late, a.Answered + b.Answered, a.Unanswered + b.Unanswered, Math.Max(a.MaxTimerLagTicks, b.MaxTimerLagTicks));
    }

    private void Rotate(DateTimeOffset now)
    {
        var age = now - _bucketStart;
        if (age < _settings.Interval)
        {
            return;
        }

        _previous = age < _settings.Interval * 2 ? _current : default;
        _previousSilent = age < _settings.Interval * 2 ? _currentSilent : [];
        _current = default;
        _currentSilent = [];
        _bucketStart = now;
    }

    private static void RaiseMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
