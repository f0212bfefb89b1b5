using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Bench.MySqlFreeze;

/// <summary>
/// Side by side on one frozen MariaDB primary (SIGSTOP, the outage's freeze): how long until the monitor (defaults:
/// interval 5s, deadline 2s, confirmRounds 2) fires MySqlHung, and how long until Debian's prometheus-mysqld-exporter
/// reports <c>mysql_up 0</c> or fails a scrape, scraped back to back the way Prometheus does (timeout 10s, sent as
/// <c>X-Prometheus-Scrape-Timeout-Seconds</c>). Also: what a scrape without that header does (Prometheus always sends it;
/// curl and other scrapers do not).
/// </summary>
public static class MySqlFreezeHarness
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HeaderlessCap = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(int trials)
    {
        using var lab = new LabDirectory();
        var ports = new FreePorts();
        using var pair = await MariaDbReplicationPair.StartAsync(ports, lab, "bench");
        // The exporter's documented grants; its my.cnf requires a password.
        await pair.Primary.ExecuteAsync("CREATE USER 'exporter'@'127.0.0.1' IDENTIFIED BY 'exporter-bench'; "
            + "GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR, SELECT ON *.* TO 'exporter'@'127.0.0.1'");
        using var exporter = StartExporter(pair, lab, ports, out var exporterUrl);
        var monitorUrl = $"http://127.0.0.1:{ports.Next().ToString(CultureInfo.InvariantCulture)}";
        var configPath = Path.Combine(lab.Root, "monitor.yaml");
        await File.WriteAllTextAsync(configPath, "mysql:\n" + pair.ToYaml("metrics-db", heartbeat: false));
        var config = MonitorKinds.Config.LoadFile(configPath);
        await using var app = MonitorWebApp.Build(config, [monitorUrl]);
        await app.StartAsync();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        Console.WriteLine($"monitor: interval {Durations.Format(config.Monitor.Interval)}, deadline {Durations.Format(config.Monitor.Deadline)}, confirmRounds {config.Monitor.ConfirmRounds}");
        Console.WriteLine($"exporter: scraped every {Durations.Format(config.Monitor.Interval)} with a {ScrapeTimeout.TotalSeconds:0} s scrape timeout (Prometheus default)");
        Console.WriteLine("trial | monitor: first hung round (s) | monitor: MySqlHung page (s) | exporter: first mysql_up 0 / failed scrape (s) | exporter: second in a row (s) | exporter scrape without timeout header (s) | ratio exporter/monitor (confirmed)");
        var ratios = new List<double>();
        for (var trial = 1; trial <= trials; trial++)
        {
            await WaitHealthyAsync(http, monitorUrl, exporterUrl);
            var watch = Stopwatch.StartNew();
            pair.Primary.Freeze();
            try
            {
                var monitor = MonitorPagesAsync(http, monitorUrl, watch);
                var scraped = ExporterReportsDownAsync(http, exporterUrl, config.Monitor.Interval, watch);
                var headerless = HeaderlessScrapeAsync(http, exporterUrl, watch);
                var (m, e, h) = (await monitor, await scraped, await headerless);
                var ratio = m.Firing is { } ms && e.Confirmed is { } es ? es / ms : double.NaN;
                ratios.Add(ratio);
                Console.WriteLine($"{trial} | {Show(m.Seen, Cap)} | {Show(m.Firing, Cap)} | {Show(e.First, Cap)} | {Show(e.Confirmed, Cap)} | {Show(h, HeaderlessCap)} | {ratio:0.00}");
            }
            finally
            {
                pair.Primary.Resume();
            }
        }

        Console.WriteLine($"median ratio exporter/monitor: {ratios.Order().ElementAt(ratios.Count / 2):0.00}");
        await app.StopAsync();
        return 0;
    }

    private static string Show(double? seconds, TimeSpan cap) => seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : $"no answer within {cap.TotalSeconds:0}";

    private static LabProcess StartExporter(MariaDbReplicationPair pair, LabDirectory lab, FreePorts ports, out string url)
    {
        var dir = lab.Sub("mysqld-exporter");
        var cnf = Path.Combine(dir, "my.cnf");
        File.WriteAllText(cnf, $"[client]\nuser=exporter\npassword=exporter-bench\nhost=127.0.0.1\nport={pair.Primary.Port.ToString(CultureInfo.InvariantCulture)}\n");
        var port = ports.Next();
        url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/metrics";
        return LabProcess.Start("mysqld-exporter", "prometheus-mysqld-exporter",
            [$"--config.my-cnf={cnf}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
            dir, Path.Combine(dir, "exporter.log"), lab.PidDir);
    }

    private static async Task WaitHealthyAsync(HttpClient http, string monitorUrl, string exporterUrl)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = "";
        while (DateTime.UtcNow < until)
        {
            try
            {
                var text = await http.GetStringAsync(monitorUrl + "/api/v1/status");
                var status = JsonDocument.Parse(text).RootElement;
                var clean = status.GetProperty("clusters").GetArrayLength() == 1
                    && status.GetProperty("clusters")[0].GetProperty("state").GetString() == "ok"
                    && !status.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("state").GetString() is "firing" or "pending");
                var scrape = await ScrapeAsync(http, exporterUrl, withHeader: true);
                if (clean && scrape.Contains("\nmysql_up 1", StringComparison.Ordinal))
                {
                    return;
                }

                last = $"status: {text}; exporter mysql_up lines: {string.Join(" ", scrape.Split('\n').Where(l => l.StartsWith("mysql_up", StringComparison.Ordinal)))}";
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"monitor or exporter not healthy before the trial: {last}");
    }

    /// <returns>When MySqlHung was first seen (pending: one round) and when it fired (confirmed).</returns>
    private static async Task<(double? Seen, double? Firing)> MonitorPagesAsync(HttpClient http, string url, Stopwatch watch)
    {
        double? seen = null;
        while (watch.Elapsed < Cap)
        {
            var status = JsonDocument.Parse(await http.GetStringAsync(url + "/api/v1/status")).RootElement;
            var hung = status.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("name").GetString() == "MySqlHung"
                && a.GetProperty("state").GetString() is "pending" or "firing").ToList();
            seen ??= hung.Count > 0 ? watch.Elapsed.TotalSeconds : null;
            if (hung.Any(a => a.GetProperty("state").GetString() == "firing"))
            {
                return (seen, watch.Elapsed.TotalSeconds);
            }

            await Task.Delay(100);
        }

        return (seen, null);
    }

    /// <summary>
    /// Scrapes started every <paramref name="interval"/> (the monitor's interval, as a Prometheus scrape_interval),
    /// each with Prometheus's default 10 s timeout; a scrape that is still running when the next is due delays it,
    /// as Prometheus does. Returns when the first scrape said down (or failed) and when the second in a row did
    /// (the same two-round confirmation the monitor applies).
    /// </summary>
    private static async Task<(double? First, double? Confirmed)> ExporterReportsDownAsync(HttpClient http, string url, TimeSpan interval, Stopwatch watch)
    {
        double? first = null;
        var next = TimeSpan.Zero;
        while (watch.Elapsed < Cap)
        {
            var wait = next - watch.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            next = watch.Elapsed + interval;
            bool down;
            try
            {
                using var cts = new CancellationTokenSource(ScrapeTimeout);
                down = (await ScrapeAsync(http, url, withHeader: true, cts.Token)).Contains("\nmysql_up 0", StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                down = true;
            }

            if (!down)
            {
                first = null;
                continue;
            }

            if (first is not null)
            {
                return (first, watch.Elapsed.TotalSeconds);
            }

            first = watch.Elapsed.TotalSeconds;
        }

        return (first, null);
    }

    private static async Task<double?> HeaderlessScrapeAsync(HttpClient http, string url, Stopwatch watch)
    {
        try
        {
            using var cts = new CancellationTokenSource(HeaderlessCap);
            var body = await ScrapeAsync(http, url, withHeader: false, cts.Token);
            return body.Contains("\nmysql_up 0", StringComparison.Ordinal) ? watch.Elapsed.TotalSeconds : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return watch.Elapsed < HeaderlessCap - TimeSpan.FromSeconds(1) ? watch.Elapsed.TotalSeconds : null;
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient http, string url, bool withHeader, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (withHeader)
        {
            request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", ScrapeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return "\n" + await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
