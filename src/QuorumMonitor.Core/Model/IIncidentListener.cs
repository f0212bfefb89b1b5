namespace QuorumMonitor.Core.Model;

/// <summary>Told about every incident change (delivery, metrics). Must return quickly: queue, never block the incident tracker.</summary>
public interface IIncidentListener
{
    void OnIncidentChanged(IncidentChange change);
}
