using QuorumMonitor.Core.Model;

namespace QuorumMonitor.MySql.Model;

/// <summary>How instances are described in summaries: what is wrong, in an operator's words.</summary>
public static class MySqlText
{
    public static string State(MySqlInstanceResult i) => i.State switch
    {
        MySqlInstanceState.Ok => "ok",
        MySqlInstanceState.ReadOnly => "read-only",
        MySqlInstanceState.Refused => "down (connection refused)",
        MySqlInstanceState.Unreachable => $"unreachable ({i.Error ?? "no TCP answer"})",
        MySqlInstanceState.HandshakeTimeout => $"hung: TCP accepted, no handshake ({i.Error ?? "timeout"})",
        MySqlInstanceState.QueryTimeout => $"hung: logged in, query not answered ({i.Error ?? "timeout"})",
        MySqlInstanceState.AuthFailed => $"refusing the monitor's login ({i.Error ?? "access denied"})",
        MySqlInstanceState.TooManyConnections => $"refusing connections ({i.Error ?? "too many connections"})",
        _ => $"in error ({i.Error})",
    };

    public static string Describe(MySqlInstanceResult i) => $"{Names.Kebab(i.Role)} {i.Name} ({i.Endpoint})";
}
