namespace QuorumMonitor.MySql.Model;

/// <summary>
/// What one probe of one instance found, in the order the probe learns it: TCP, the server's greeting, the login,
/// the queries. A frozen server (TCP accepted, nothing answered) and a dead one (refused) are different states.
/// </summary>
public enum MySqlInstanceState
{
    /// <summary>Logged in and every query answered inside the deadline.</summary>
    Ok,

    /// <summary>A declared primary that answers but has <c>read_only</c> on: writes fail.</summary>
    ReadOnly,

    /// <summary>TCP connection refused: nothing listens, the server is not running.</summary>
    Refused,

    /// <summary>No TCP answer inside the deadline, or no route: the host is down or cut off.</summary>
    Unreachable,

    /// <summary>TCP accepted but the server's greeting (or the login) did not arrive inside the deadline: frozen.</summary>
    HandshakeTimeout,

    /// <summary>Logged in, but a query (<c>SELECT</c> of variables, the heartbeat table, replica status) did not return.</summary>
    QueryTimeout,

    /// <summary>The server refused the monitor user: the monitor is blind to this instance.</summary>
    AuthFailed,

    /// <summary>The server refused the connection because <c>max_connections</c> (or the user's limit) is reached.</summary>
    TooManyConnections,

    /// <summary>Anything else: an unreadable greeting, a blocked host, a missing privilege.</summary>
    Error,
}
