namespace Monitor.Core.Model;

public enum IncidentState
{
    Open,
    Resolved,
}
