using QuorumMonitor.ZooKeeper;
using BenchmarkDotNet.Attributes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Runtime;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.ZooKeeper.Config;
using QuorumMonitor.Host;

namespace QuorumMonitor.Bench.Pipeline;

/// <summary>
/// Observations per second through the real pipeline: Mediator notifications for every probe result, then one
/// evaluation that assembles each ensemble, runs the ZooKeeper rules, the alert state machine and the incident
/// tracker. 100 ensembles of 3 members; every tenth has a member down, so alerts and incidents are live.
/// One benchmark operation = one probe result; 1 / mean = observations per second on one core.
/// </summary>
[MemoryDiagnoser]
public class PipelineThroughputBenchmark
{
    private const int Ensembles = 100;
    private const int Members = 3;
    private ServiceProvider _services = null!;
    private IPublisher _publisher = null!;
    private ProbeResultObserved[] _results = [];

    [GlobalSetup]
    public void Setup()
    {
        var config = new MonitorConfig().WithZooKeeper(Enumerable.Range(0, Ensembles).Select(e => new ZooKeeperClusterConfig
        {
            Name = $"zk-{e}",
            Servers = Enumerable.Range(0, Members).Select(m => new HostPort($"10.0.{e}.{m}", 2181)).ToList(),
        }).ToList());
        _services = new ServiceCollection().AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services.BuildServiceProvider();
        _publisher = _services.GetRequiredService<IPublisher>();
        var at = DateTimeOffset.UtcNow;
        _results = Enumerable.Range(0, Ensembles).SelectMany(e => Enumerable.Range(0, Members).Select(m =>
        {
            var down = e % 10 == 0 && m == 2;
            return new ProbeResultObserved(e, m, new ZooKeeperMemberResult
            {
                UnitId = $"10.0.{e}.{m}:2181",
                At = at,
                Duration = TimeSpan.FromMilliseconds(3),
                Address = new HostPort($"10.0.{e}.{m}", 2181),
                State = down ? ZooKeeperMemberState.Refused : ZooKeeperMemberState.Serving,
                Role = down ? null : m == 0 ? ZooKeeperRole.Leader : ZooKeeperRole.Follower,
                Zxid = down ? null : 0x500000123,
                Outstanding = 0,
                LatencyMaxMs = 2,
                QuorumSize = Members,
            });
        })).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(OperationsPerInvoke = Ensembles * Members)]
    public async ValueTask ProbeResultsThroughPipelineAndRules()
    {
        foreach (var r in _results)
        {
            await _publisher.Publish(r);
        }

        await _publisher.Publish(EvaluationDue.Instance);
    }
}
