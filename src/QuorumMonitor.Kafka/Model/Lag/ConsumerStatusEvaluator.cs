namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>
/// Burrow's sliding-window rules, without its false alarms: a partition whose committed offset has reached the log end
/// is OK however long ago it last committed (Burrow reports STOP on idle and slow topics, issues #38, #128, #171, #237),
/// and WARN needs lag on every entry that never shrinks and ends higher than it started, so it fires on a consumer steadily
/// falling behind (Burrow's WARN rarely fires, #155) but not on one keeping pace a few messages behind.
/// </summary>
public static class ConsumerStatusEvaluator
{
    public static ConsumerStatus Evaluate(CommitWindow w)
    {
        if (w.Count == 0)
        {
            return ConsumerStatus.Ok;
        }

        var newest = w.Count - 1;
        if (w.Lag(newest) == 0)
        {
            return ConsumerStatus.Ok;
        }

        for (var i = 1; i < w.Count; i++)
        {
            if (w.Committed(i) < w.Committed(i - 1))
            {
                return ConsumerStatus.Rewind;
            }
        }

        if (!w.IsFull)
        {
            return ConsumerStatus.Ok;
        }

        var committedMoved = false;
        var lagShrank = false;
        for (var i = 0; i < w.Count; i++)
        {
            if (w.Lag(i) == 0)
            {
                return ConsumerStatus.Ok;
            }

            if (i > 0)
            {
                committedMoved |= w.Committed(i) != w.Committed(i - 1);
                lagShrank |= w.Lag(i) < w.Lag(i - 1);
            }
        }

        if (!committedMoved)
        {
            return w.LogEnd(newest) > w.LogEnd(0) ? ConsumerStatus.Stall : ConsumerStatus.Stop;
        }

        // Constant lag with advancing commits is a consumer keeping pace (Burrow would say WARN); only growth is a warning.
        return !lagShrank && w.Lag(newest) > w.Lag(0) ? ConsumerStatus.Warn : ConsumerStatus.Ok;
    }
}
