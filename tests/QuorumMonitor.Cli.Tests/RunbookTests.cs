using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime;
using QuorumMonitor.Runtime.Self;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Every alert the monitor can raise tells the on-call engineer what to check next, and its runbook section exists.</summary>
public partial class RunbookTests
{
    [GeneratedRegex(@"^## (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Section();

    [GeneratedRegex(@"docs/runbooks\.md#([a-z]+)")]
    private static partial Regex Anchor();

    private static readonly string Doc = File.ReadAllText(RepoFiles.PathOf("docs", "runbooks.md"));

    [Fact]
    public void Every_built_in_rule_has_next_steps_and_a_runbook_section()
    {
        var passwordFile = Path.GetTempFileName();
        File.WriteAllText(passwordFile, "not-used");
        var config = MonitorKinds.Config.Parse($$$$"""
            zookeeper:
              - {name: zk, servers: ["127.0.0.1:1"]}
            kafka:
              - {name: k, bootstrapServers: "127.0.0.1:2", consumerGroups: [g], network: {capacityMbps: 1000, brokers: {"1": "http://127.0.0.1:3/metrics"}}}
            mysql:
              - name: db
                passwordFile: {{{{passwordFile}}}}
                instances:
                  - {name: p, role: primary, connectionString: "Server=127.0.0.1;Port=4;User ID=monitor"}
            """);
        using var services = new ServiceCollection().AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services.AddMonitorSelfCheck(config).BuildServiceProvider();
        var names = services.GetServices<IRule>().Select(r => r.Name).Append(RuleEvaluator.RuleFailedAlert).Append("AlertDeliveryFailing").ToList();
        var sections = Section().Matches(Doc).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.True(names.Count >= 20, $"only {names.Count} rules registered");
        foreach (var name in names)
        {
            Assert.Contains(MonitorKinds.Runbooks.All, r => r.Alert == name);
            Assert.Contains(name, sections);
        }
    }

    [Fact]
    public void Runbook_links_in_alert_rules_point_at_existing_sections()
    {
        var anchors = Section().Matches(Doc).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var links = Directory.EnumerateFiles(RepoFiles.PathOf("alerts"), "*.yml").SelectMany(f => Anchor().Matches(File.ReadAllText(f))).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Contains(l, anchors));
    }
}
