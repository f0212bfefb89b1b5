using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Sharding;
using QuorumMonitor.Host;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.Runtime.Reload;

namespace QuorumMonitor.Runtime.Tests;

/// <summary>
/// Issue 16, scope 4: a live reload keeps to the shard. Clusters the file adds start only on the shard that owns them,
/// a removed one of its own stops, the status's shard object follows the running config, and a reload that changes
/// <c>monitor.shard</c> fails as any other change to the <c>monitor</c> section.
/// </summary>
public sealed class ShardReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shard-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Yaml(int index, IEnumerable<int> clusters) =>
        $"monitor:\n  shard: {{index: {index}, count: 3}}\nzookeeper:\n"
        + string.Concat(clusters.Select(i => $"  - name: c{i:00}\n    servers: [\"127.0.0.1:{2000 + i}\"]\n"));

    private static IReadOnlyList<string> Owned(int index, IEnumerable<int> clusters) =>
        [.. clusters.Select(i => $"c{i:00}").Where(n => ShardAssignment.ShardOf(n, 3) == index).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_reload_adds_and_removes_only_the_clusters_this_shard_owns(int index)
    {
        var file = Path.Combine(_dir, "monitor.yaml");
        var before = Enumerable.Range(0, 12).ToList();
        var after = Enumerable.Range(4, 26).ToList();
        await File.WriteAllTextAsync(file, Yaml(index, before));
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddQuorumMonitor(MonitorKinds.Config.LoadFile(file)).AddKinds(MonitorKinds.All).Services
            .AddSingleton(new ConfigFile(file))
            .AddConfigReload()
            .BuildServiceProvider();
        using var stop = new CancellationTokenSource();
        var dispatcher = services.GetRequiredService<PipelineBus>().DispatchAsync(stop.Token);
        var runtime = services.GetRequiredService<MonitorRuntime>();
        var reloader = services.GetRequiredService<ConfigReloader>();
        IReadOnlyList<string> Running() => [.. runtime.ActiveClusters().Keys.Where(c => c.Kind != ClusterKinds.Monitor).Select(c => c.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(Owned(index, before), Running());

        await File.WriteAllTextAsync(file, Yaml(index, after));
        var outcome = await reloader.ReloadAsync("test", CancellationToken.None);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        Assert.Equal(Owned(index, after), Running());
        var shard = ShardReports.Of(reloader.Running);
        Assert.Equal((index, 3), (shard.Index, shard.Count));
        Assert.Equal(Owned(index, after), shard.Owned);
        Assert.Equal(after.Count - shard.Owned.Count, shard.NotOwned);

        await File.WriteAllTextAsync(file, Yaml((index + 1) % 3, after));
        var moved = await reloader.ReloadAsync("test", CancellationToken.None);

        Assert.False(moved.Succeeded);
        Assert.Equal("monitor", Assert.Single(moved.Errors).Path);
        Assert.Equal(Owned(index, after), Running());

        await stop.CancelAsync();
        await dispatcher;
    }
}
