using QuorumMonitor.Core.Config;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.MySql;
using QuorumMonitor.MySql.Probes;

namespace QuorumMonitor.MySql.Tests;

/// <summary>Builds probes the way the config reader does, for instances of a lab pair.</summary>
internal static class Probes
{
    public static MySqlInstanceConfig Instance(MariaDbServer server, MySqlRole role, PasswordSource password) => new()
    {
        Name = role == MySqlRole.Primary ? "primary" : "replica",
        Role = role,
        ConnectionString = $"Server=127.0.0.1;Port={server.Port};User ID={MariaDbReplicationPair.MonitorUser}",
        Endpoint = server.Endpoint,
        Password = password,
    };

    public static MySqlInstanceProbe For(MariaDbReplicationPair pair, MySqlRole role, TimeSpan? deadline = null, bool heartbeat = true, string? passwordFile = null) =>
        new(Instance(role == MySqlRole.Primary ? pair.Primary : pair.Replica, role, PasswordSource.FromFile(passwordFile ?? pair.PasswordFile)),
            heartbeat ? new MySqlHeartbeatConfig { Table = MariaDbReplicationPair.HeartbeatTable } : null,
            deadline ?? TimeSpan.FromSeconds(2),
            TimeProvider.System);

    public static async Task<MySqlInstanceResult> RunAsync(MySqlInstanceProbe probe) =>
        (MySqlInstanceResult)await new ProbeUnitRunner(TimeProvider.System).RunAsync(probe, CancellationToken.None);
}
