namespace QuorumMonitor.Kafka.Model;

public enum KafkaEndpointState
{
    /// <summary>The advertised host resolved and accepted a TCP connection from the monitor.</summary>
    Reachable,

    /// <summary>The advertised host name does not resolve: clients given this broker cannot reach it at all.</summary>
    Unresolvable,

    /// <summary>Resolved, but the TCP connection was refused.</summary>
    Refused,

    /// <summary>Resolved, but no TCP answer inside the deadline.</summary>
    Timeout,

    Error,
}
