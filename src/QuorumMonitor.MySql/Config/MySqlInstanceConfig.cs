using QuorumMonitor.Core.Config;
namespace QuorumMonitor.MySql.Config;

/// <summary>One instance of a <c>mysql:</c> cluster: how to reach it and what it is declared to be.</summary>
public sealed record MySqlInstanceConfig
{
    public required string Name { get; init; }

    public required MySqlRole Role { get; init; }

    /// <summary>A MySqlConnector connection string without a password (validated: one server, no password keys).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The endpoint the raw greeting check connects to: <c>host:port</c>, or a Unix socket path.</summary>
    public required string Endpoint { get; init; }

    public required PasswordSource Password { get; init; }
}
