using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// An incident change accepted from the incident tracker and not yet written to the outbox. <see cref="Targets"/> null: route
/// by severity; <see cref="SweepLeftovers"/>: not a change but the post-restart sweep, run in order with the changes.
/// </summary>
public sealed record PendingChange(IncidentChange? Change, IReadOnlyList<string>? Targets, DateTimeOffset AcceptedAt, bool SweepLeftovers = false);
