using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Runtime.Self;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>
/// Decouples producers (probe loops, the evaluation timer) from handlers: producers only enqueue, one dispatcher
/// publishes in order. No handler can block the probe scheduler, and handlers never race each other. How long each
/// event waited for the dispatcher is the monitor's own load, told to <see cref="MonitorLoad"/>.
/// </summary>
public sealed partial class PipelineBus
{
    private readonly Channel<(INotification Notification, long Posted)> _queue =
        Channel.CreateUnbounded<(INotification, long)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly IPublisher _publisher;
    private readonly MonitorLoad _load;
    private readonly TimeProvider _time;
    private readonly ILogger<PipelineBus> _log;

    // Counted here: a single-reader channel cannot count its items.
    private int _depth;

    public PipelineBus(IPublisher publisher, MonitorLoad load, TimeProvider time, ILogger<PipelineBus> log)
    {
        _publisher = publisher;
        _load = load;
        _time = time;
        _log = log;
        load.QueueDepth = () => Depth;
    }

    public int Depth => Volatile.Read(ref _depth);

    public void Post(INotification notification)
    {
        Interlocked.Increment(ref _depth);
        _queue.Writer.TryWrite((notification, _time.GetTimestamp()));
    }

    public async Task DispatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (notification, posted) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Interlocked.Decrement(ref _depth);
                _load.Dispatched(_time.GetElapsedTime(posted));
                try
                {
                    await _publisher.Publish(notification, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogHandlerFailed(ex, notification.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "handling {Notification} failed; the pipeline continues")]
    private partial void LogHandlerFailed(Exception ex, string notification);
}
