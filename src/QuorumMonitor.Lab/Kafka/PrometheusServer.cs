using System.Globalization;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.Kafka;

/// <summary>The real Prometheus (Debian <c>prometheus</c>) on a loopback port with its own config and storage, scraping given targets every second.</summary>
public sealed class PrometheusServer : IDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly LabProcess _process;

    private PrometheusServer(LabProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <param name="jobName">The scrape job: its name becomes the <c>job</c> label (<c>up{job="..."}</c>).</param>
    public static async Task<PrometheusServer> StartAsync(
        IEnumerable<string> targets, FreePorts ports, LabDirectory directory, CancellationToken cancellationToken, string jobName = "node")
    {
        var port = ports.Next();
        var dir = directory.Sub("prometheus");
        var config = Path.Combine(dir, "prometheus.yml");
        var list = string.Join(", ", targets.Select(t => $"'{t}'"));
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: {jobName}\n    static_configs:\n      - targets: [{list}]\n"),
            cancellationToken).ConfigureAwait(false);
        var process = LabProcess.Start("prometheus", Binary,
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{port}"],
            dir, Path.Combine(dir, "prometheus.log"), directory.PidDir);
        var server = new PrometheusServer(process, port);
        await LabHttp.WaitUntilAnswersAsync(new Uri(server.Url, "-/ready"), process, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return server;
    }

    public void Dispose() => _process.Dispose();
}
