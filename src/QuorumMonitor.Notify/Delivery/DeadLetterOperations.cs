using Microsoft.Extensions.Logging;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>What an operator does with dead letters (<c>monitor deadletters</c>, the API): list, put back, drop.</summary>
internal sealed partial class DeadLetterOperations(OutboxStore store, DeliveryStatus status, ChannelQueues queues, TimeProvider time, ILogger log)
{
    private readonly ILogger _log = log;

    /// <summary>Dead letters, oldest first (reads the state file: for the CLI, not the status page).</summary>
    public IReadOnlyList<DeadLetter> List() => store.DeadLetters();

    /// <summary>Puts a dead letter back in its channel's queue (at the tail), due now, and wakes its sender.</summary>
    public bool Retry(long seq)
    {
        var channel = store.RetryDeadLetter(seq, time.GetUtcNow());
        if (channel is null)
        {
            return false;
        }

        LogDeadLetterRetried(seq, channel);
        status.RefreshSnapshot();
        queues.Wake([channel]);
        return true;
    }

    /// <summary>Drops a dead letter for good: someone has looked at it. Clears its part of AlertDeliveryFailing.</summary>
    public bool Drop(long seq)
    {
        if (!store.DropDeadLetter(seq))
        {
            return false;
        }

        LogDeadLetterDropped(seq);
        status.RefreshSnapshot();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "dead letter {Seq} put back in the {Channel} queue")]
    private partial void LogDeadLetterRetried(long seq, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dead letter {Seq} dropped")]
    private partial void LogDeadLetterDropped(long seq);
}
