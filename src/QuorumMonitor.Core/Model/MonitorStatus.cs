namespace QuorumMonitor.Core.Model;

/// <summary>Overall verdict, numbered as Nagios plugin exit codes so the CLI can exit with it directly.</summary>
public enum MonitorStatus
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}
