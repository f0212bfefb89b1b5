using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.Config;
using Monitor.Core.Model;
using Monitor.Core.Probing;
using Monitor.Core.ZooKeeper;
using Monitor.Engine;
using Monitor.Lab.ZooKeeper;
using Monitor.Rules.Engine;

namespace Monitor.Probes.ZooKeeper.Tests;

/// <summary>A frozen member must not slow down the probes of the other members (issue 2, must-show 4).</summary>
public class ProbeCadenceTests(EnsembleFixture fixture) : IClassFixture<EnsembleFixture>
{
    private sealed class Recorder : IMonitorListener
    {
        public ConcurrentQueue<(string Unit, DateTimeOffset At, ZooKeeperMemberState State, TimeSpan Duration)> Probes { get; } = new();

        public void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result) =>
            Probes.Enqueue((unit.Id, result.At, ((ZooKeeperMemberObservation)result).State, result.Duration));

        public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions)
        {
        }
    }

    [Fact]
    public async Task Other_members_keep_their_cadence_while_one_is_frozen()
    {
        using var ensemble = ZooKeeperEnsemble.Start(3, fixture.Ports, fixture.Directory, "cadence");
        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        var interval = TimeSpan.FromMilliseconds(250);
        var deadline = TimeSpan.FromMilliseconds(1500);
        var config = new MonitorConfig
        {
            Monitor = new MonitorSettings { Interval = interval, Deadline = deadline },
            ZooKeeper = [ensemble.ToConfig("cadence")],
        };
        var recorder = new Recorder();
        await using var services = new ServiceCollection()
            .AddMonitorEngine(config)
            .AddSingleton<IMonitorListener>(recorder)
            .BuildServiceProvider();
        var scheduler = new ProbeScheduler(services.GetRequiredService<MonitorRuntime>(), services.GetRequiredService<Monitor.Engine.Pipeline.PipelineBus>(), config.Monitor, NullLogger<ProbeScheduler>.Instance);
        var frozen = ensemble.Members[0];
        frozen.Freeze();
        try
        {
            await scheduler.StartAsync(CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(5));
            await scheduler.StopAsync(CancellationToken.None);
        }
        finally
        {
            frozen.Resume();
        }

        var byUnit = recorder.Probes.GroupBy(p => p.Unit).ToDictionary(g => g.Key, g => g.OrderBy(p => p.At).ToList());
        var frozenProbes = byUnit[frozen.Address.ToString()];
        Assert.All(frozenProbes, p => Assert.Equal(ZooKeeperMemberState.Timeout, p.State));
        Assert.All(frozenProbes, p => Assert.True(p.Duration < deadline + TimeSpan.FromMilliseconds(500), $"frozen probe took {p.Duration}"));

        foreach (var healthy in ensemble.Members.Skip(1))
        {
            var probes = byUnit[healthy.Address.ToString()];
            Assert.All(probes, p => Assert.Equal(ZooKeeperMemberState.Serving, p.State));

            // Had the frozen member's deadline leaked into their schedule, gaps would be >= 1.5 s and ~3 probes would run.
            var gaps = probes.Zip(probes.Skip(1), (a, b) => b.At - a.At).ToList();
            Assert.True(probes.Count >= 15, $"{healthy.Address}: only {probes.Count} probes in 5 s at a 250 ms interval");
            Assert.True(gaps.Max() < TimeSpan.FromMilliseconds(900), $"{healthy.Address}: longest gap {gaps.Max().TotalMilliseconds:0} ms");
        }
    }
}
