using System.Globalization;
using System.Text.Json;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Alertmanager;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Bench.ZooKeeperKill;

/// <summary>
/// The tuned peer: Debian's blackbox_exporter probing each member with <c>srvr</c> (a tcp module expecting
/// <c>Mode: (leader|follower|standalone)</c>), Prometheus scraping it every second and evaluating
/// <c>probe_success == 0</c> (<c>for: 0</c>) every second, and Alertmanager (<c>group_wait: 0s</c>,
/// <c>group_interval: 1s</c>) sending to the harness's receiver. Every process is owned by pid and killed on dispose.
/// </summary>
public sealed class PeerStack : IDisposable
{
    public const string AlertName = "ZooKeeperDown";

    private readonly LabProcess _blackbox;
    private readonly LabProcess _prometheus;
    private readonly AlertmanagerServer _alertmanager;

    private PeerStack(LabProcess blackbox, LabProcess prometheus, Uri prometheusUrl, AlertmanagerServer alertmanager)
    {
        _blackbox = blackbox;
        _prometheus = prometheus;
        PrometheusUrl = prometheusUrl;
        _alertmanager = alertmanager;
    }

    public Uri PrometheusUrl { get; }

    public Uri AlertmanagerUrl => _alertmanager.Url;

    public static async Task<PeerStack> StartAsync(IReadOnlyList<HostPort> members, string webhookUrl, FreePorts ports, LabDirectory lab, CancellationToken cancellationToken)
    {
        var alertmanager = AlertmanagerServer.Start(AlertmanagerYaml(webhookUrl), ports, lab, "peer-alertmanager");
        LabProcess? blackbox = null;
        LabProcess? prometheus = null;
        try
        {
            await alertmanager.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);

            var bbDir = lab.Sub("blackbox");
            var bbConfig = Path.Combine(bbDir, "blackbox.yml");
            await File.WriteAllTextAsync(bbConfig, BlackboxYaml, cancellationToken);
            var bbPort = ports.Next();
            blackbox = LabProcess.Start("blackbox", "/usr/bin/prometheus-blackbox-exporter",
                [$"--config.file={bbConfig}", $"--web.listen-address=127.0.0.1:{Str(bbPort)}"],
                bbDir, Path.Combine(bbDir, "blackbox.log"), lab.PidDir);

            var promDir = lab.Sub("prometheus");
            var promPort = ports.Next();
            var rules = Path.Combine(promDir, "rules.yml");
            await File.WriteAllTextAsync(rules, RulesYaml, cancellationToken);
            var promConfig = Path.Combine(promDir, "prometheus.yml");
            await File.WriteAllTextAsync(promConfig, PrometheusYaml(members, bbPort, alertmanager.Port, rules), cancellationToken);
            prometheus = LabProcess.Start("prometheus", "/usr/bin/prometheus",
                [$"--config.file={promConfig}", $"--storage.tsdb.path={Path.Combine(promDir, "data")}", $"--web.listen-address=127.0.0.1:{Str(promPort)}"],
                promDir, Path.Combine(promDir, "prometheus.log"), lab.PidDir);
            return new PeerStack(blackbox, prometheus, new Uri($"http://127.0.0.1:{Str(promPort)}/"), alertmanager);
        }
        catch
        {
            prometheus?.Dispose();
            blackbox?.Dispose();
            alertmanager.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Quiet: Prometheus has a successful probe of every member, no alert pending or firing, and Alertmanager holds
    /// no active alert. Returns a description of what is not quiet, or null.
    /// </summary>
    public async Task<string?> NotQuietAsync(HttpClient http, int members, CancellationToken cancellationToken)
    {
        var up = await QueryScalarAsync(http, "count(probe_success{job=\"zk\"} == 1)", cancellationToken);
        var alerts = JsonDocument.Parse(await http.GetStringAsync(new Uri(PrometheusUrl, "api/v1/alerts"), cancellationToken)).RootElement
            .GetProperty("data").GetProperty("alerts").GetArrayLength();
        var active = JsonDocument.Parse(await http.GetStringAsync(new Uri(AlertmanagerUrl, "/api/v2/alerts?active=true&silenced=false&inhibited=false"), cancellationToken)).RootElement
            .GetArrayLength();
        return up == members && alerts == 0 && active == 0 ? null : $"peer: {Str(up)}/{Str(members)} probes succeeding, {Str(alerts)} Prometheus alerts, {Str(active)} active in Alertmanager";
    }

    public void Dispose()
    {
        _prometheus.Dispose();
        _blackbox.Dispose();
        _alertmanager.Dispose();
    }

    private async Task<int> QueryScalarAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        var uri = new Uri(PrometheusUrl, "api/v1/query?query=" + Uri.EscapeDataString(query));
        var result = JsonDocument.Parse(await http.GetStringAsync(uri, cancellationToken)).RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? 0 : int.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    // The probe's timeout is the smaller of the module's and the scrape timeout less --timeout-offset (0.5 s): 0.5 s here.
    private const string BlackboxYaml = """
        modules:
          zk_srvr:
            prober: tcp
            timeout: 1s
            tcp:
              preferred_ip_protocol: ip4
              query_response:
                - send: "srvr"
                - expect: "Mode: (leader|follower|standalone)"
        """;

    private const string RulesYaml = $$"""
        groups:
          - name: zookeeper
            interval: 1s
            rules:
              - alert: {{AlertName}}
                expr: probe_success{job="zk"} == 0
                for: 0s
                labels:
                  severity: page
                annotations:
                  summary: "ZooKeeper member {{"{{"}} $labels.instance {{"}}"}} does not answer srvr as leader/follower"
        """;

    private static string PrometheusYaml(IReadOnlyList<HostPort> members, int blackboxPort, int alertmanagerPort, string rules) => $$"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files: ["{{rules}}"]
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["127.0.0.1:{{Str(alertmanagerPort)}}"]
        scrape_configs:
          - job_name: zk
            metrics_path: /probe
            params: {module: [zk_srvr]}
            static_configs:
              - targets: [{{string.Join(", ", members.Select(m => $"\"{m}\""))}}]
            relabel_configs:
              - source_labels: [__address__]
                target_label: __param_target
              - source_labels: [__param_target]
                target_label: instance
              - target_label: __address__
                replacement: "127.0.0.1:{{Str(blackboxPort)}}"
        """;

    private static string AlertmanagerYaml(string webhookUrl) => $$"""
        route:
          receiver: pager
          group_by: [alertname]
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 24h
        receivers:
          - name: pager
            webhook_configs:
              - url: "{{webhookUrl}}"
                send_resolved: true
        """;
}
