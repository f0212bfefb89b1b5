namespace QuorumMonitor.MySql.Probes;

/// <summary>Where a probe is; a deadline that hits decides the state by the phase it hit in.</summary>
public enum MySqlProbePhase
{
    /// <summary>Opening TCP: a timeout here means no SYN-ACK (host down or cut off).</summary>
    Connect,

    /// <summary>TCP accepted, waiting for the server's greeting: a timeout here is the frozen server.</summary>
    Greeting,

    /// <summary>The driver's own connection and login: a greeting arrived on the raw connection, this one stalls.</summary>
    Login,

    /// <summary>Logged in, running queries: a timeout here is a query that cannot finish.</summary>
    Query,
}
