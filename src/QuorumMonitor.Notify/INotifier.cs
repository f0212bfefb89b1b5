using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Notify;

/// <summary>Sends one notification to one channel. Never throws for a delivery problem: every failure is an outcome
/// that says whether retrying can help.</summary>
public interface INotifier
{
    NotifyChannelConfig Channel { get; }

    Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken);
}
