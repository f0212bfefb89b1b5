using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Core.Config;

/// <summary>One <c>notify.routes</c> entry: incidents of these severities go to these channels.</summary>
public sealed record NotifyRouteConfig(IReadOnlyList<Severity> Severities, IReadOnlyList<string> Channels);
