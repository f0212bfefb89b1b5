using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Probes.Kafka;
using QuorumMonitor.Probes.Kafka.Client;
using QuorumMonitor.Rules.Engine;
using QuorumMonitor.Rules.Kafka;

namespace QuorumMonitor.Engine;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>The HTTP client that reads node_exporter and Prometheus for the NIC probes; unit deadlines bound each call.</summary>
    public const string NicHttpClient = "kafka-nic";

    /// <summary>A monitor per configured Kafka cluster (one long-lived admin client each) and the Kafka rules.</summary>
    public static IServiceCollection AddKafkaMonitoring(this IServiceCollection services, MonitorConfig config)
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

        return services;
    }
}
