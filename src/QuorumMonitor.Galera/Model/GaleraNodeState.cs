namespace QuorumMonitor.Galera.Model;

/// <summary>
/// How far one probe of one node got, in the order it learns it: TCP, the login, the queries. What the node says
/// about the cluster (Primary or not, Synced or not) is in the observation's wsrep fields, not here.
/// </summary>
public enum GaleraNodeState
{
    /// <summary>Logged in and the wsrep status read inside the deadline.</summary>
    Ok,

    /// <summary>TCP connection refused: the server is not running.</summary>
    Refused,

    /// <summary>No TCP answer inside the deadline, or no route.</summary>
    Unreachable,

    /// <summary>TCP accepted but the greeting or the login did not arrive inside the deadline: frozen.</summary>
    HandshakeTimeout,

    /// <summary>Logged in, but the status query did not return.</summary>
    QueryTimeout,

    /// <summary>The server refused the monitor user.</summary>
    AuthFailed,

    /// <summary>The server refused the connection: <c>max_connections</c> reached.</summary>
    TooManyConnections,

    /// <summary>Anything else, including a server without wsrep (not a Galera node).</summary>
    Error,
}
