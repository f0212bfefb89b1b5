using System.Data.Common;
using MySqlConnector;

namespace QuorumMonitor.Galera.Config;

/// <summary>
/// Checks the extra driver options of a <c>galera:</c> cluster with the driver's own parser. The servers come from
/// <c>nodes</c>, the user from <c>user</c> and the password from <c>passwordEnv</c>/<c>passwordFile</c>, so none of
/// them may be here; and no message repeats the text, which may hold a password.
/// </summary>
internal static class GaleraConnectionOptions
{
    private static readonly string[] PasswordKeys = ["password", "pwd"];

    private static readonly string[] TakenKeys =
        ["server", "host", "data source", "datasource", "address", "addr", "network address", "port", "user id", "userid", "uid", "user", "username", "user name"];

    /// <returns>Null when the options are usable, else what is wrong with them.</returns>
    public static string? Validate(string text)
    {
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            return "is not a connection string of Key=Value pairs separated by ';'";
        }

        var keys = generic.Keys.Cast<string>().Select(k => k.Trim()).ToList();
        if (keys.FirstOrDefault(k => PasswordKeys.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } password)
        {
            return $"contains a password ('{password}'); remove it and supply the password with passwordEnv or passwordFile";
        }

        if (keys.FirstOrDefault(k => TakenKeys.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } taken)
        {
            return $"sets '{taken}'; the servers come from nodes and the login from user";
        }

        try
        {
            _ = new MySqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"is not a valid MySqlConnector connection string: {ex.GetType().Name}";
        }

        return null;
    }
}
