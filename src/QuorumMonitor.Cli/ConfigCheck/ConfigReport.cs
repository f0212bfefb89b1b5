using System.Globalization;
using System.Text;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.ZooKeeper.Rules;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.Kafka;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Cli.ConfigCheck;

/// <summary>
/// What a valid config would run, as <c>monitor config check</c> prints it: the cadence, each cluster with the probe
/// units the runtime builds for it (their ids and deadlines), its rules and what they fire at, then alert delivery.
/// Secrets never appear: routing keys are <c>***</c>, channel URLs show their origin only, Kafka security values and
/// MySQL passwords are named by where they come from.
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
        Line(sb, 1, $"monitor: every {Span(m.Interval)}, deadline {Span(m.Deadline)}; an alert fires after {m.ConfirmRounds} round(s)"
            + $" and {Span(m.For)} (for), resolves after {m.ResolveRounds} clean round(s), keeps firing {Span(m.KeepFiringFor)} (keepFiringFor)");
        foreach (var zk in config.ZooKeeper)
        {
            Cluster(sb, new ClusterRef(ZooKeeperKind.KindName, zk.Name), byCluster, ZooKeeperRules.All(), RuleThresholds.ZooKeeper(zk),
                Invariant($"{zk.Servers.Count} member(s), {zk.Observers.Count} declared observer(s)") + (zk.SessionCheck ? ", session check on" : ", session check off"));
        }

        foreach (var kafka in config.Kafka)
        {
            var groups = kafka.ConsumerGroups.Select(g => g.Sink is null ? g.Name : $"{g.Name} (sink {g.Sink})");
            Cluster(sb, new ClusterRef(KafkaKind.KindName, kafka.Name), byCluster, KafkaRules.All(), RuleThresholds.Kafka(kafka),
                $"bootstrap {kafka.BootstrapServers}; groups: {(kafka.ConsumerGroups.Count == 0 ? "none" : string.Join(", ", groups))}"
                + (kafka.Lag.DiscoverGroups ? " (+ discovered)" : "") + $"; security: {kafka.Security}"
                + (kafka.Network is { } n ? $"; NICs from {(n.PrometheusUrl is { } p ? MaskedUrl.Of(p) : "node_exporter")}: {string.Join(", ", n.Brokers.OrderBy(b => b.Key).Select(b => Invariant($"{b.Key} {(n.PrometheusUrl is null ? MaskedUrl.Of(b.Value) : b.Value)}")))}" : ""));
        }

        foreach (var mysql in config.MySql)
        {
            var instances = mysql.Instances.Select(i => $"{i.Name} ({Names.Kebab(i.Role)} {i.Endpoint}, password {i.Password})");
            Cluster(sb, new ClusterRef(MySqlKind.KindName, mysql.Name), byCluster, MySqlRules.All(), RuleThresholds.MySql(mysql),
                string.Join(", ", instances) + (mysql.Heartbeat is { } h ? $"; heartbeat {h.Table}" : ""));
        }

        // Kinds this report has no words of its own for (Galera, and any kind added later): their clusters and units.
        var described = new HashSet<string>(StringComparer.Ordinal) { ZooKeeperKind.KindName, KafkaKind.KindName, MySqlKind.KindName };
        foreach (var other in byCluster.Values.Where(c => !described.Contains(c.Cluster.Kind) && c.Cluster.Kind != ClusterKinds.Monitor))
        {
            Cluster(sb, other.Cluster, byCluster, [], new Dictionary<string, string>(), Invariant($"{other.Units.Count} unit(s)"));
        }

        Notify(sb, config.Notify);
        return sb.ToString();
    }

    private static void Cluster(StringBuilder sb, ClusterRef cluster, Dictionary<ClusterRef, IClusterMonitor> byCluster, IEnumerable<IRule> rules,
        IReadOnlyDictionary<string, string> thresholds, string facts)
    {
        Line(sb, 1, $"cluster {cluster}: {facts}");
        foreach (var unit in byCluster.TryGetValue(cluster, out var monitor) ? monitor.Units : [])
        {
            Line(sb, 2, $"unit {unit.Id}: deadline {Span(unit.Deadline)}");
        }

        foreach (var rule in rules)
        {
            Line(sb, 2, thresholds.TryGetValue(rule.Name, out var at) ? $"rule {rule.Name}: {at}" : $"rule {rule.Name}");
        }
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

    /// <summary>As config is written: <c>7d</c>, <c>1h</c>, else <see cref="Durations.Format"/>.</summary>
    internal static string Span(TimeSpan value) =>
        value >= TimeSpan.FromDays(1) && value.Ticks % TimeSpan.TicksPerDay == 0 ? Invariant($"{value.TotalDays:0}d")
        : value >= TimeSpan.FromHours(1) && value.Ticks % TimeSpan.TicksPerHour == 0 ? Invariant($"{value.TotalHours:0}h")
        : Durations.Format(value);

    private static void Line(StringBuilder sb, int indent, string text) => sb.Append(' ', indent * 2).Append(text).AppendLine();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
