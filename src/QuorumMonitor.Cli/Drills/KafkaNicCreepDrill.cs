using System.Globalization;
using QuorumMonitor.Lab.Kafka;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Seed (Parse.ly's Kafkapocalypse): egress creeps up on every broker until losing one would saturate the others.
/// node_exporter counters are replayed (<see cref="NicReplayEndpoint"/>): idle before the fault, then egress ramps
/// from 20 to 200 Mbit/s per broker in seconds, on 300 Mbit/s NICs with a 0.8 limit: no broker is saturated (0.67),
/// but the loss of one would put 300 on each survivor. One page, rooted at the lost N−1 headroom.
/// </summary>
public sealed class KafkaNicCreepDrill : IDrill
{
    public string Name => "kafka-nic-creep";

    public string Summary => "replayed NIC counters: egress creeps to 200 of 300 Mbit/s per broker: one page, KafkaNoBrokerLossHeadroom, before any broker saturates";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("KafkaNoBrokerLossHeadroom");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken)
    {
        var kafka = await DrillKafka.StartAsync(lab, cancellationToken).ConfigureAwait(false);
        var origin = lab.Time.GetUtcNow();
        var clock = new ReplayClock(lab.Time, origin);
        var profile = new NicReplayProfile(origin, TimeSpan.FromSeconds(5), EgressFromMbps: 20, EgressToMbps: 200, IngressMbps: 20);
        var replay = lab.Own(new NicReplayEndpoint(new Dictionary<int, NicReplayProfile> { [1] = profile, [2] = profile, [3] = profile }, "eth0", clock, lab.Ports));
        return new Scenario(kafka, replay, clock);
    }

    private sealed class Scenario(DrillKafka kafka, NicReplayEndpoint replay, ReplayClock clock) : IDrillScenario
    {
        public string ClusterYaml => kafka.Yaml(withGroup: false, extra: string.Create(CultureInfo.InvariantCulture,
            $"    network:\n      capacityMbps: 300\n      threshold: 0.8\n      device: eth0\n      brokers: {{\"1\": \"{replay.MetricsUrl(1)}\", \"2\": \"{replay.MetricsUrl(2)}\", \"3\": \"{replay.MetricsUrl(3)}\"}}\n"));

        public IReadOnlyList<string> Clusters => [DrillKafka.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            clock.Start();
            return Task.FromResult("replayed egress on every broker of kafka-drill ramps from 20 to 200 Mbit/s over 5 s (NICs 300 Mbit/s, limit 0.8)");
        }

        // The replay runs on; the lab's disposal stops it.
        public Task RestoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
