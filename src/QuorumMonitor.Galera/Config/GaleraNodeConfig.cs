using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Galera.Config;

/// <summary>One node of a <c>galera:</c> cluster: the MariaDB server's client endpoint.</summary>
public sealed record GaleraNodeConfig
{
    /// <summary><c>host:port</c> as normalised from the config; the node's name in alerts, metrics and reports.</summary>
    public string Name => Endpoint.ToString();

    public required HostPort Endpoint { get; init; }
}
