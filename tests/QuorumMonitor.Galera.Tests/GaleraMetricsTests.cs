using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using QuorumMonitor.Galera.Probes;
using Prometheus;
using static QuorumMonitor.Galera.Tests.Nodes;

namespace QuorumMonitor.Galera.Tests;

/// <summary>The quorum_monitor_galera_* series: names pinned, values from the observation, and the dashboard queries only them.</summary>
public partial class GaleraMetricsTests
{
    [GeneratedRegex(@"quorum_monitor_[a-z_]+")]
    private static partial Regex MetricName();

    private static async Task<string> ExportAsync(params QuorumMonitor.Galera.Model.GaleraClusterObservation[] observations)
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new GaleraMetrics(registry);
        foreach (var o in observations)
        {
            metrics.Update(o);
        }

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Series_carry_the_quorum_figures_and_the_node_states()
    {
        var text = await ExportAsync(Cluster(Synced(1), Synced(2), Synced(3)), Cluster(Synced(1), Desynced(2), Down(3)));

        Assert.Contains("quorum_monitor_galera_fault_tolerance{cluster=\"shop\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_galera_has_quorum{cluster=\"shop\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_galera_safe_voter_weight{cluster=\"shop\"} 1", text, StringComparison.Ordinal);
        Assert.Contains($"quorum_monitor_galera_node_state{{cluster=\"shop\",node=\"{Name(2)}\",state=\"donor-desynced\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"quorum_monitor_galera_node_state{{cluster=\"shop\",node=\"{Name(2)}\",state=\"serving\"}} 0", text, StringComparison.Ordinal);
        Assert.Contains($"quorum_monitor_galera_node_state{{cluster=\"shop\",node=\"{Name(3)}\",state=\"refused\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"quorum_monitor_galera_node_synced{{cluster=\"shop\",node=\"{Name(2)}\"}} 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"quorum_monitor_galera_node_cluster_size{{cluster=\"shop\",node=\"{Name(3)}\"}}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_queries_only_series_this_slice_exports()
    {
        var exported = MetricName().Matches(await ExportAsync(Cluster(Synced(1), Synced(2), Synced(3)))).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(RepoFiles.PathOf("dashboards", "galera.json")));
        var used = doc.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .Where(m => m.StartsWith("quorum_monitor_galera_", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(used.Count >= 6, $"the dashboard uses only {used.Count} galera series");
        Assert.All(used, m => Assert.Contains(m, exported));
    }

    [Theory]
    [InlineData("base_dir = /var/lib/mysql/; pc.weight = 3; pc.wait_prim = true", 3)]
    [InlineData("pc.weight=1", 1)]
    [InlineData("pc.recovery = true; pc.weight = 0", 0)]
    [InlineData("pc.weight = 999", null)]
    [InlineData("gcache.size = 128M", null)]
    [InlineData(null, null)]
    public void Weight_is_read_from_the_provider_options(string? options, int? weight)
    {
        Assert.Equal(weight, GaleraStatusReader.ParseWeight(options));
    }

    [Theory]
    [InlineData("Donor/Desynced", "donor-desynced")]
    [InlineData("Joining: receiving State Transfer", "joining-receiving-state-transfer")]
    [InlineData("Synced", "synced")]
    [InlineData("///", "unknown")]
    public void State_comments_become_label_safe_words(string comment, string word)
    {
        Assert.Equal(word, QuorumMonitor.Galera.Model.GaleraText.Kebab(comment));
    }
}
