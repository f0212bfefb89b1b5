using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Checks, on every health tick, what the incident tracker announced against what the state file records: every announced
/// open incident has a firing record (its trigger is in the outbox or delivered), every resolved one is no longer
/// firing (its resolve is queued). A change that is neither pending in the writer nor recorded is offered to the
/// writer again. It remembers the last change per tracker id until it is confirmed (resolved ones are then forgotten;
/// open ones stay while they are open).
/// </summary>
public sealed partial class IncidentReconciler(OutboxStore store, OutboxWriter writer, ILogger log)
{
    private readonly Dictionary<string, IncidentChange> _announced = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Announced(IncidentChange change)
    {
        lock (_lock)
        {
            _announced[change.Incident.Id] = change;
        }
    }

    /// <returns>How many changes were offered again.</returns>
    public int Check()
    {
        List<IncidentChange> announced;
        lock (_lock)
        {
            announced = _announced.Values.ToList();
        }

        var offered = 0;
        foreach (var change in announced)
        {
            if (writer.HasPending(change.Incident.Id))
            {
                continue;
            }

            IncidentRecord? record;
            try
            {
                record = store.FindIncidentByTrackerId(change.Incident.Id);
            }
            catch (SqliteException)
            {
                return offered; // The writer reports the store failure; try next tick.
            }

            var open = change.Kind != IncidentChangeKind.Resolved;
            var recorded = open ? record is { Firing: true } : record is not { Firing: true };
            if (recorded)
            {
                if (!open)
                {
                    Forget(change);
                }

                continue;
            }

            LogMissing(change.Kind, change.Incident.Id);
            writer.Accept(change);
            offered++;
        }

        return offered;
    }

    private void Forget(IncidentChange change)
    {
        lock (_lock)
        {
            if (_announced.TryGetValue(change.Incident.Id, out var latest) && ReferenceEquals(latest, change))
            {
                _announced.Remove(change.Incident.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "incident {Id}: the incident tracker announced {Kind} but the outbox does not record it; writing it again")]
    private partial void LogMissing(IncidentChangeKind kind, string id);
}
