using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Kafka.Reporting;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Permits;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.Kafka.Probes;
using QuorumMonitor.Kafka.Probes.Client;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka;

/// <summary>Kafka clusters: the <c>kafka:</c> section, brokers, consumer lag and NICs, their rules and series.</summary>
public sealed class KafkaKind : IClusterKind
{
    /// <summary>The <c>kind</c> label value; part of the public JSON and metric contract.</summary>
    public const string KindName = "kafka";

    /// <summary>The HTTP client that reads node_exporter and Prometheus for the NIC probes; unit deadlines bound each call.</summary>
    public const string NicHttpClient = "kafka-nic";

    public string Name => KindName;

    public string Section => "kafka";

    public IReadOnlyList<Runbook> Runbooks => KafkaRunbooks.All;

    public IKindSettings Read(YamlSection root, ISet<string> clusterNames, ICollection<ClusterReference> references) =>
        KafkaMonitorConfig.Settings(KafkaConfigReader.Read(root, clusterNames, references));

    /// <summary>A monitor per configured Kafka cluster (one long-lived admin client each), the Kafka rules and series.</summary>
    public void Register(IServiceCollection services, MonitorConfig config)
    {
        // No redirects: a NIC source is a configured URL, and a redirect could point the probe anywhere (or loop).
        // Bodies are bounded by BoundedBody as they are read; the unit deadline bounds the time.
        services.AddHttpClient(NicHttpClient, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                MaxResponseHeadersLength = 64,
            });
        foreach (var kafka in config.Kafka)
        {
            services.AddSingleton<IClusterMonitor>(sp => new KafkaClusterMonitor(
                kafka,
                config.Monitor,
                new ConfluentKafkaAdmin(kafka, sp.GetRequiredService<ILogger<ConfluentKafkaAdmin>>()),
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(NicHttpClient),
                sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var rule in KafkaRules.All())
        {
            services.AddSingleton<IRule>(rule);
        }

        services.AddSingleton<IClusterMetrics>(sp => new KafkaMetrics(
            sp.GetService<CollectorRegistry>() ?? Metrics.NewCustomRegistry(), sp.GetRequiredService<ILogger<KafkaMetrics>>()));
        services.AddSingleton<IPermitJudge, KafkaPermitJudge>();
    }

    public IEnumerable<ClusterSummary> Summarize(MonitorConfig config) => KafkaConfigSummary.For(config);

    public IEnumerable<NagiosPerfDatum> PerfData(ClusterReport cluster, MonitorConfig config) => KafkaPerfData.For(cluster, config);
}
