using System.Text.Json;

namespace QuorumMonitor.Cli.Tests;

/// <summary>The conventions grafana/dashboard-linter checks, on every dashboard in dashboards/.</summary>
public class DashboardLintTests
{
    public static TheoryData<string> Dashboards()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(RepoFiles.PathOf("dashboards"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_follows_the_provisioning_and_lint_rules(string file)
    {
        var text = File.ReadAllText(RepoFiles.PathOf("dashboards", file));
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;

        Assert.False(root.TryGetProperty("__inputs", out _), "provisioned dashboards must not use __inputs (grafana#10786)");
        Assert.DoesNotContain("${DS_", text, StringComparison.Ordinal);
        Assert.StartsWith("qm-", root.GetProperty("uid").GetString(), StringComparison.Ordinal);
        Assert.Contains(root.GetProperty("templating").GetProperty("list").EnumerateArray(),
            v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("type").GetString() == "datasource");

        var panels = root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.NotEmpty(panels);
        foreach (var p in panels)
        {
            var title = p.GetProperty("title").GetString();
            Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.False(string.IsNullOrEmpty(p.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString()), $"{file}: panel '{title}' has no unit");
            var targets = p.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"{file}: panel '{title}' has no target");
            foreach (var t in targets)
            {
                var expr = t.GetProperty("expr").GetString()!;
                Assert.False(string.IsNullOrWhiteSpace(expr), $"{file}: panel '{title}' has an empty query");
                if (expr.Contains("rate(", StringComparison.Ordinal))
                {
                    Assert.Contains("[$__rate_interval]", expr, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Dashboard_uids_are_unique()
    {
        var uids = Directory.EnumerateFiles(RepoFiles.PathOf("dashboards"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("uid").GetString())
            .ToList();

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }
}
