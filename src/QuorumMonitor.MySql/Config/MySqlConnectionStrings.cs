using QuorumMonitor.Core.Config;
using System.Data.Common;
using MySqlConnector;

namespace QuorumMonitor.MySql.Config;

/// <summary>
/// Validates an instance's connection string with the driver's own parser. A password in it is refused, and no
/// message here ever repeats the string: it may hold one.
/// </summary>
internal static class MySqlConnectionStrings
{
    private static readonly string[] PasswordKeys = ["password", "pwd"];

    /// <returns>The endpoint (<c>host:port</c> or a socket path), or null with <paramref name="problem"/> set.</returns>
    public static string? Validate(string text, out string problem)
    {
        problem = "";
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            problem = "is not a connection string of Key=Value pairs separated by ';'";
            return null;
        }

        var password = generic.Keys.Cast<string>().FirstOrDefault(k => PasswordKeys.Contains(k.Trim(), StringComparer.OrdinalIgnoreCase));
        if (password is not null)
        {
            problem = $"contains a password ('{password.Trim()}'); remove it and supply the password with passwordEnv or passwordFile";
            return null;
        }

        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            problem = $"is not a valid MySqlConnector connection string: {ex.Message}";
            return null;
        }

        if (string.IsNullOrWhiteSpace(builder.Server))
        {
            problem = "names no Server";
            return null;
        }

        if (builder.Server.Contains(',', StringComparison.Ordinal))
        {
            problem = $"lists several servers ('{builder.Server}'); one instance is one server, so that a probe result belongs to it";
            return null;
        }

        if (string.IsNullOrWhiteSpace(builder.UserID))
        {
            problem = "names no User ID (the monitor user)";
            return null;
        }

        var socket = builder.ConnectionProtocol == MySqlConnectionProtocol.UnixSocket || builder.Server.StartsWith('/');
        return socket ? builder.Server : new HostPort(builder.Server.Trim(), (int)builder.Port).ToString();
    }
}
