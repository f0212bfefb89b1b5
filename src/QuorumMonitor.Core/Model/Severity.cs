namespace QuorumMonitor.Core.Model;

/// <summary>A page wakes someone up; a warning waits for working hours.</summary>
public enum Severity
{
    Warning,
    Page,
}
