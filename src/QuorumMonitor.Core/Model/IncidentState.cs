namespace QuorumMonitor.Core.Model;

public enum IncidentState
{
    Open,
    Resolved,
}
