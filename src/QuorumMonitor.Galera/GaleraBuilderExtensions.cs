using QuorumMonitor.Runtime;

namespace QuorumMonitor.Galera;

public static class GaleraBuilderExtensions
{
    /// <summary>Monitors the config's <c>galera:</c> clusters.</summary>
    public static QuorumMonitorBuilder AddGalera(this QuorumMonitorBuilder builder) => builder.AddKind(new GaleraKind());
}
