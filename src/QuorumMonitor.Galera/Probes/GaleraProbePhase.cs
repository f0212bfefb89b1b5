namespace QuorumMonitor.Galera.Probes;

/// <summary>Where a probe is; a deadline that hits decides the state by the phase it hit in.</summary>
public enum GaleraProbePhase
{
    /// <summary>Opening TCP: a timeout here means no SYN-ACK (host down or cut off).</summary>
    Connect,

    /// <summary>TCP accepted, the driver waits for the greeting and the login: a timeout here is the frozen server.</summary>
    Login,

    /// <summary>Logged in, reading the wsrep status: a timeout here is a server that cannot answer.</summary>
    Query,
}
