using System.Text.RegularExpressions;
using Monitor.Lab;
using Monitor.Lab.Processes;

namespace Monitor.Cli.Tests;

/// <summary>
/// Metric names, types and label names are a public interface (dashboards and alert rules query them). This test pins
/// them: a rename, a new label or a dropped metric fails here and must be a deliberate change to this list.
/// </summary>
public sealed partial class MetricNamesTests : IDisposable
{
    private static readonly Dictionary<string, (string Type, string Labels)> Expected = new()
    {
        ["quorum_monitor_probe_duration_seconds"] = ("histogram", "cluster,kind,le,member"),
        ["quorum_monitor_probes_total"] = ("counter", "cluster,kind,member,state"),
        ["quorum_monitor_member_up"] = ("gauge", "cluster,kind,member"),
        ["quorum_monitor_member_state"] = ("gauge", "cluster,kind,member,state"),
        ["quorum_monitor_cluster_state"] = ("gauge", "cluster,kind,state"),
        ["quorum_monitor_zookeeper_voters"] = ("gauge", "cluster"),
        ["quorum_monitor_zookeeper_quorum_size"] = ("gauge", "cluster"),
        ["quorum_monitor_zookeeper_serving_voters"] = ("gauge", "cluster"),
        ["quorum_monitor_zookeeper_fault_tolerance"] = ("gauge", "cluster"),
        ["quorum_monitor_zookeeper_member_leader"] = ("gauge", "cluster,member"),
        ["quorum_monitor_alerts"] = ("gauge", "severity,state"),
        ["quorum_monitor_evaluations_total"] = ("counter", "cluster,kind"),
        ["quorum_monitor_last_evaluation_timestamp_seconds"] = ("gauge", "cluster,kind"),
    };

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? ", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    [Fact]
    public async Task Metrics_exposed_are_exactly_the_documented_names_types_and_labels()
    {
        await using var live = await LiveMonitor.StartAsync(_dir, _ports, "metrics", members: 1, interval: "300ms");
        var text = "";
        for (var i = 0; i < 60 && !text.Contains("quorum_monitor_evaluations_total{", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            text = await live.Http.GetStringAsync($"{live.Url}/metrics");
        }

        var actual = Parse(text);

        Assert.Equal(Expected.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value.Type} [{e.Value.Labels}]"),
            actual.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value.Type} [{e.Value.Labels}]"));
    }

    private static Dictionary<string, (string Type, string Labels)> Parse(string exposition)
    {
        var types = TypeLine().Matches(exposition).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var labels = new Dictionary<string, SortedSet<string>>();
        foreach (Match m in SampleLine().Matches(exposition))
        {
            var name = m.Groups[1].Value;
            var family = types.Keys.FirstOrDefault(t => name == t || name == t + "_bucket" || name == t + "_sum" || name == t + "_count") ?? name;
            if (!labels.TryGetValue(family, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                labels[family] = set;
            }

            foreach (Match l in LabelName().Matches(m.Groups[2].Value))
            {
                set.Add(l.Groups[1].Value);
            }
        }

        return types.Where(t => t.Key.StartsWith("quorum_monitor_", StringComparison.Ordinal))
            .ToDictionary(t => t.Key, t => (t.Value, string.Join(',', labels.GetValueOrDefault(t.Key) ?? [])));
    }

    public void Dispose() => _dir.Dispose();
}
