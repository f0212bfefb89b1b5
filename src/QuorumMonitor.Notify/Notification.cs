using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify;

/// <summary>
/// One message about one incident for one channel, as stored in the outbox. The dedup key is the same for every
/// message about the incident, so a receiver that gets one twice (at-least-once delivery) folds them together.
/// </summary>
public sealed record Notification(string DedupKey, NotificationAction Action, IncidentReport Incident, DateTimeOffset At);
