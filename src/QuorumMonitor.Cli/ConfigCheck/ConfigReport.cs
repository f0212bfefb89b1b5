using System.Globalization;
using System.Text;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Core.Sharding;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli.ConfigCheck;

/// <summary>
/// What a valid config would run, as <c>monitor config check</c> prints it: the cadence, each cluster with the probe
/// units the runtime builds for it (their ids and deadlines), its rules and what they fire at, then alert delivery.
/// Secrets never appear: routing keys are <c>***</c>, channel URLs show their origin only, Kafka security values and
/// MySQL and Galera passwords are named by where they come from (each kind words its own clusters).
/// </summary>
public static class ConfigReport
{
    /// <param name="units">The runtime's cluster monitors built from <paramref name="config"/> (not probed).</param>
    public static string Format(string file, MonitorConfig config, IEnumerable<IClusterMonitor> units)
    {
        var byCluster = units.ToDictionary(u => u.Cluster);
        var sb = new StringBuilder();
        var m = config.Monitor;
        Line(sb, 0, $"{file}: valid; {config.ClusterCount} cluster(s)");
        ShardLine(sb, config);
        Line(sb, 1, $"monitor: every {Span(m.Interval)}, deadline {Span(m.Deadline)}; an alert fires after {m.ConfirmRounds} round(s)"
            + $" and {Span(m.For)} (for), resolves after {m.ResolveRounds} clean round(s), keeps firing {Span(m.KeepFiringFor)} (keepFiringFor)");
        foreach (var kind in MonitorKinds.All)
        {
            foreach (var cluster in kind.Summarize(config))
            {
                Cluster(sb, new ClusterRef(kind.Name, cluster.Name), byCluster, cluster);
            }
        }

        Notify(sb, config.Notify);
        return sb.ToString();
    }

    private static void Cluster(StringBuilder sb, ClusterRef cluster, Dictionary<ClusterRef, IClusterMonitor> byCluster, ClusterSummary summary)
    {
        Line(sb, 1, $"cluster {cluster}: {summary.Facts}");
        foreach (var unit in byCluster.TryGetValue(cluster, out var monitor) ? monitor.Units : [])
        {
            Line(sb, 2, $"unit {unit.Id}: deadline {Span(unit.Deadline)}");
        }

        foreach (var rule in summary.Rules)
        {
            Line(sb, 2, rule.FiresAt is { } at ? $"rule {rule.Name}: {at}" : $"rule {rule.Name}");
        }
    }

    /// <summary>A shard names what it owns, so two monitors' checks side by side show the split.</summary>
    private static void ShardLine(StringBuilder sb, MonitorConfig config)
    {
        var shard = ShardReports.Of(config);
        if (shard.Count == 1)
        {
            return;
        }

        Line(sb, 1, $"shard {shard.Index} of {shard.Count} (monitor.shard): owns {shard.Owned.Count} of {shard.Owned.Count + shard.NotOwned} configured cluster(s)"
            + $"{(shard.Owned.Count > 0 ? ": " + string.Join(", ", shard.Owned) : "")}; {shard.NotOwned} owned by the other shard(s)");
    }

    private static void Notify(StringBuilder sb, NotifyConfig? notify)
    {
        if (notify is null)
        {
            Line(sb, 1, "notify: none (alerts are shown, not sent)");
            return;
        }

        Line(sb, 1, $"notify: state file {notify.StateFile}; links {MaskedUrl.Of(notify.ExternalUrl)}; failing after {Span(notify.FailingAfter)}, "
            + $"watchdog every {Span(notify.WatchdogInterval)}, request timeout {Span(notify.Timeout)}");
        foreach (var c in notify.Channels)
        {
            var key = c.RoutingKey is { } secret ? $", routing key {secret}" : "";
            var pace = c.Kind == NotifyChannelKind.PagerDuty ? Invariant($", {c.EventsPerMinute} events/min") : "";
            Line(sb, 2, $"channel {c.Name} ({c.Kind.ToString().ToLowerInvariant()}): {string.Join(", ", c.Urls.Select(MaskedUrl.Channel))}{key}{pace}");
        }

        foreach (var r in notify.Routes)
        {
            Line(sb, 2, $"route {string.Join(", ", r.Severities.Select(Names.Kebab))} -> {string.Join(", ", r.Channels)}");
        }

        Line(sb, 2, notify.Fallback is { } f ? $"fallback {f}: severities no route takes, and AlertDeliveryFailing" : "fallback: none");
    }

    private static string Span(TimeSpan value) => Durations.Describe(value);

    private static void Line(StringBuilder sb, int indent, string text) => sb.Append(' ', indent * 2).Append(text).AppendLine();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
