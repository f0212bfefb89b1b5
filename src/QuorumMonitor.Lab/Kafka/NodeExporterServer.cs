using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.Kafka;

/// <summary>The real node_exporter (Debian <c>prometheus-node-exporter</c>) on a loopback port, network collectors only.</summary>
public sealed class NodeExporterServer : IDisposable
{
    public const string Binary = "/usr/bin/prometheus-node-exporter";

    private readonly LabProcess _process;

    private NodeExporterServer(LabProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    public string Instance => $"127.0.0.1:{Port}";

    public Uri MetricsUrl => new($"http://127.0.0.1:{Port}/metrics");

    public static async Task<NodeExporterServer> StartAsync(FreePorts ports, LabDirectory directory, CancellationToken cancellationToken)
    {
        var port = ports.Next();
        var dir = directory.Sub("node-exporter");
        var process = LabProcess.Start("node-exporter", Binary,
            [$"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults", "--collector.netdev", "--collector.netclass",
                // The lab reads loopback traffic, which node_exporter leaves out unless told otherwise.
                "--collector.netdev.device-exclude=^$"],
            dir, Path.Combine(dir, "node-exporter.log"), directory.PidDir);
        var server = new NodeExporterServer(process, port);
        await LabHttp.WaitUntilAnswersAsync(server.MetricsUrl, process, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        return server;
    }

    public void Dispose() => _process.Dispose();
}
