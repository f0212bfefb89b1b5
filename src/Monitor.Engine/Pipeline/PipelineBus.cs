using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Monitor.Engine.Pipeline;

/// <summary>
/// Decouples producers (probe loops, the evaluation timer) from handlers: producers only enqueue, one dispatcher
/// publishes in order. No handler can block the probe scheduler, and handlers never race each other.
/// </summary>
public sealed partial class PipelineBus(IPublisher publisher, ILogger<PipelineBus> log)
{
    private readonly Channel<INotification> _queue = Channel.CreateUnbounded<INotification>(new UnboundedChannelOptions { SingleReader = true });

    public int Depth => _queue.Reader.Count;

    public void Post(INotification notification) => _queue.Writer.TryWrite(notification);

    public async Task DispatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await publisher.Publish(notification, stoppingToken).ConfigureAwait(false);
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
