using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Shards;

/// <summary>What one monitor answered <c>monitor status</c>: its status, or why it could not be read.</summary>
public sealed record MonitorAnswer(string Url, StatusReport? Report, string? Error = null)
{
    public static MonitorAnswer Unreachable(string url, string error) => new(url, null, error);

    /// <summary>host:port, what names this monitor's own cluster and channels in a merged view.</summary>
    public string Monitor => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.Authority : Url;
}
