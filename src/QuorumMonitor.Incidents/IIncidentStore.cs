namespace QuorumMonitor.Incidents;

/// <summary>
/// Where the incident tracker keeps its incidents across restarts (the state file, <c>notify.stateFile</c>). The
/// tracker reads <see cref="Restored"/> once, when it is built, and calls <see cref="Write"/> under its lock on the
/// evaluation path: an implementation only queues there and writes on a thread of its own.
/// </summary>
public interface IIncidentStore
{
    /// <summary>The incidents the store held when it was opened, as they were last written.</summary>
    IReadOnlyList<IncidentSnapshot> Restored { get; }

    /// <summary>Queues the latest state of <paramref name="changed"/> and the removal of <paramref name="forgotten"/>
    /// (by <see cref="IncidentSnapshot.Seq"/>). Returns at once and never throws for the store.</summary>
    void Write(IReadOnlyCollection<IncidentSnapshot> changed, IReadOnlyCollection<long> forgotten);
}
