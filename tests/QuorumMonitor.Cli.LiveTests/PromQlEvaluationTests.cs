using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Kafka;
using YamlDotNet.RepresentationModel;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// The real Prometheus scrapes a monitor watching the whole lab, and evaluates every PromQL expression of dashboards/
/// and alerts/. Dashboard queries must return at least one series; alert rules (which are quiet in a healthy lab) must
/// parse, and every metric they name must have series — so a renamed metric breaks this test, not a 3 a.m. page.
/// </summary>
public sealed partial class PromQlEvaluationTests
{
    [GeneratedRegex(@"\b(quorum_monitor_[a-z_]+|up)\b(?=\s*[{\[)=<>!]|\s*$|\s+(?:and|or|unless|==|>|<))")]
    private static partial Regex MetricName();

    [Fact]
    public async Task Every_dashboard_and_alert_expression_evaluates_against_the_real_prometheus()
    {
        using var lab = await LocalLab.StartAsync(3, withMySql: true, withKafka: true, TextWriter.Null, CancellationToken.None, withGalera: true);
        var monitorPort = lab.Ports.Next();
        await using var app = MonitorWebApp.Build(MonitorKinds.Config.Parse(lab.ConfigYaml("500ms")), [$"http://127.0.0.1:{monitorPort}"]);
        await app.StartAsync();
        using var prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{monitorPort}"], lab.Ports, lab.Directory, CancellationToken.None, jobName: "quorum-monitor");
        using var http = new HttpClient { BaseAddress = prometheus.Url };

        // Every kind's series are in, and rates have at least two samples inside their window.
        await WaitForAsync(http, "quorum_monitor_kafka_nic_transmit_bytes_per_second");
        await WaitForAsync(http, "quorum_monitor_mysql_instance_state");
        await WaitForAsync(http, "quorum_monitor_kafka_consumer_status");
        await WaitForAsync(http, "quorum_monitor_galera_fault_tolerance");
        await Task.Delay(TimeSpan.FromSeconds(4));

        var failures = new List<string>();
        var dashboardQueries = 0;
        foreach (var file in Directory.EnumerateFiles(RepoFiles.PathOf("dashboards"), "*.json"))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.TryGetProperty("targets", out _)))
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    dashboardQueries++;
                    var expr = Substitute(target.GetProperty("expr").GetString()!);
                    var (ok, series, error) = await QueryAsync(http, expr);
                    if (!ok || series == 0)
                    {
                        failures.Add($"{Path.GetFileName(file)} / {panel.GetProperty("title").GetString()}: {expr} -> {(ok ? "no series" : error)}");
                    }
                }
            }
        }

        var ruleExpressions = 0;
        foreach (var file in Directory.EnumerateFiles(RepoFiles.PathOf("alerts"), "*.rules.yml"))
        {
            foreach (var expr in RuleExpressions(await File.ReadAllTextAsync(file)))
            {
                ruleExpressions++;
                var (ok, _, error) = await QueryAsync(http, expr);
                if (!ok)
                {
                    failures.Add($"{Path.GetFileName(file)}: {expr} -> {error}");
                }

                foreach (var metric in MetricName().Matches(expr).Select(x => x.Groups[1].Value).Distinct(StringComparer.Ordinal))
                {
                    var (_, series, _) = await QueryAsync(http, metric);
                    if (series == 0)
                    {
                        failures.Add($"{Path.GetFileName(file)}: metric {metric} in '{expr}' has no series");
                    }
                }
            }
        }

        Assert.True(dashboardQueries >= 30, $"only {dashboardQueries} dashboard queries found");
        Assert.True(ruleExpressions >= 9, $"only {ruleExpressions} alert expressions found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static IEnumerable<string> RuleExpressions(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var groups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("groups")];
        foreach (var group in groups.Children.Cast<YamlMappingNode>())
        {
            foreach (var rule in ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
            {
                yield return ((YamlScalarNode)rule.Children[new YamlScalarNode("expr")]).Value!.Trim();
            }
        }
    }

    private static string Substitute(string expr) =>
        expr.Replace("$__rate_interval", "15s", StringComparison.Ordinal).Replace("=~\"$cluster\"", "=~\".*\"", StringComparison.Ordinal);

    private static async Task<(bool Ok, int Series, string? Error)> QueryAsync(HttpClient http, string expr)
    {
        using var response = await http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(expr)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            return (false, 0, body.TryGetProperty("error", out var e) ? e.GetString() : response.StatusCode.ToString());
        }

        var data = body.GetProperty("data");
        return (true, data.GetProperty("resultType").GetString() is "vector" or "matrix" ? data.GetProperty("result").GetArrayLength() : 1, null);
    }

    private static async Task WaitForAsync(HttpClient http, string metric)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await QueryAsync(http, metric)).Series > 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Prometheus never scraped {metric}");
    }
}
