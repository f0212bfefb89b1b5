using QuorumMonitor.Core.Config;
namespace QuorumMonitor.MySql.Config;

/// <summary>What an instance is declared to be; the monitor checks the declaration against what the server says.</summary>
public enum MySqlRole
{
    Primary,
    Replica,
}
