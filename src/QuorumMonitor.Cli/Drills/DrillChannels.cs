using System.Globalization;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// The channels every drill pages through, as a team would route them: pages and warnings to the lab's real
/// Alertmanager and to a pager webhook (the drill's receiver), the monitor's own alarms to the owners' webhook
/// (the fallback). Retries are short so that a refused page is retried within the drill.
/// </summary>
public static class DrillChannels
{
    public const string Alertmanager = "alertmanager";
    public const string Pager = "pager";
    public const string Owners = "owners";

    public static IReadOnlyList<string> All { get; } = [Alertmanager, Pager, Owners];

    /// <summary>Routes everything to a receiver with no integrations: the drill reads Alertmanager's API, it pages nobody.</summary>
    public const string AlertmanagerConfig =
        "route:\n  receiver: drill\n  group_by: [alertname, cluster]\n  group_wait: 1s\n  group_interval: 5s\n  repeat_interval: 1h\nreceivers:\n  - name: drill\n";

    public static string NotifyYaml(Uri alertmanager, DrillReceiver receiver, string stateFile) => string.Create(CultureInfo.InvariantCulture, $"""
        notify:
          stateFile: {stateFile}
          watchdogInterval: 30s
          retry: {"{"}initialBackoff: 200ms, maxBackoff: 1s, rateLimitedBackoff: 200ms{"}"}
          channels:
            - name: {Alertmanager}
              alertmanager: {"{"}urls: ["{alertmanager}"]{"}"}
            - name: {Pager}
              webhook: {"{"}url: "{receiver.ChannelUrl(Pager)}"{"}"}
            - name: {Owners}
              webhook: {"{"}url: "{receiver.ChannelUrl(Owners)}"{"}"}
          routes:
            - severities: [page, warning]
              channels: [{Alertmanager}, {Pager}]
          fallback: {Owners}

        """);
}
