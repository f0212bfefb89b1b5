using QuorumMonitor.Runtime;

namespace QuorumMonitor.MySql;

public static class MySqlBuilderExtensions
{
    /// <summary>Monitors the config's <c>mysql:</c> clusters.</summary>
    public static QuorumMonitorBuilder AddMySql(this QuorumMonitorBuilder builder) => builder.AddKind(new MySqlKind());
}
