using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.Runtime.Reload;

namespace QuorumMonitor.Runtime.Tests;

/// <summary>
/// Issue 18, scope 3: the reloader end to end without servers. It reads the file again, applies a valid one on the
/// pipeline's dispatcher (a changed deadline shows in the status's <c>config</c> object, an added cluster appears),
/// and on an invalid file keeps the running config, reporting field and line in the status and 0 in
/// <c>quorum_monitor_config_last_reload_successful</c>. Nothing is probed: no scheduler runs.
/// </summary>
public sealed class ConfigReloaderFileTests : IDisposable
{
    private const string Running = """
        zookeeper:
          - name: a
            servers: ["127.0.0.1:2181"]
          - name: b
            servers: ["127.0.0.1:2281"]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_valid_file_is_applied_and_an_invalid_one_leaves_the_running_config_with_the_error_shown()
    {
        var file = Path.Combine(_dir, "monitor.yaml");
        await File.WriteAllTextAsync(file, Running);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));
        var config = MonitorKinds.Config.LoadFile(file);
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services
            .AddSingleton(new ConfigFile(file))
            .AddConfigReload()
            .AddSingleton(Metrics.NewCustomRegistry())
            .AddSingleton<ConfigReloadMetrics>()
            .BuildServiceProvider();
        _ = services.GetRequiredService<ConfigReloadMetrics>();
        using var stop = new CancellationTokenSource();
        var dispatcher = services.GetRequiredService<PipelineBus>().DispatchAsync(stop.Token);
        var runtime = services.GetRequiredService<MonitorRuntime>();
        var reloader = services.GetRequiredService<ConfigReloader>();
        var status = services.GetRequiredService<ConfigReloadStatus>();

        time.Advance(TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(file, """
            zookeeper:
              - name: a
                servers: ["127.0.0.1:2181"]
              - name: b
                servers: ["127.0.0.1:2281"]
                deadline: 500ms
              - name: c
                servers: ["127.0.0.1:2381"]
            """);
        var ok = await reloader.ReloadAsync("test", CancellationToken.None);

        Assert.True(ok.Succeeded, string.Join("; ", ok.Errors));
        var report = status.Report(runtime);
        Assert.True(report.LastReloadSuccessful);
        Assert.Equal(time.GetUtcNow(), report.LoadedAt);
        Assert.Equal(["a", "b", "c"], report.Clusters.Select(c => c.Name));
        Assert.Equal(0.5, Assert.Single(report.Clusters.Single(c => c.Name == "b").Units).DeadlineSeconds);
        Assert.Equal(2, Assert.Single(report.Clusters.Single(c => c.Name == "a").Units).DeadlineSeconds);
        Assert.Contains("1 changed (zookeeper/b), 1 added (zookeeper/c)", report.LastReloadChanges, StringComparison.Ordinal);
        var loadedAt = report.LoadedAt;

        time.Advance(TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(file, """
            zookeeper:
              - name: a
                servers: ["127.0.0.1:2181"]
                deadline: soon
            """);
        var failed = await reloader.ReloadAsync("test", CancellationToken.None);

        Assert.False(failed.Succeeded);
        var error = Assert.Single(failed.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("deadline", error.Path, StringComparison.Ordinal);
        report = status.Report(runtime);
        Assert.False(report.LastReloadSuccessful);
        Assert.Equal(time.GetUtcNow(), report.LastReloadAt);
        Assert.Equal(loadedAt, report.LoadedAt);
        Assert.Contains("line 4", report.Error, StringComparison.Ordinal);
        Assert.Equal(4, Assert.Single(report.Errors).Line);
        Assert.Equal(["a", "b", "c"], report.Clusters.Select(c => c.Name));

        using var stream = new MemoryStream();
        await services.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(stream);
        var metrics = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("quorum_monitor_config_last_reload_successful 0", metrics, StringComparison.Ordinal);
        Assert.Contains($"quorum_monitor_config_last_reload_success_timestamp_seconds {loadedAt.ToUnixTimeSeconds()}", metrics, StringComparison.Ordinal);

        await stop.CancelAsync();
        await dispatcher;
    }

    [Fact]
    public async Task A_change_to_the_monitor_section_fails_the_reload_naming_it()
    {
        var file = Path.Combine(_dir, "monitor.yaml");
        await File.WriteAllTextAsync(file, Running);
        var time = new FakeTimeProvider();
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddQuorumMonitor(MonitorKinds.Config.LoadFile(file)).AddKinds(MonitorKinds.All).Services
            .AddSingleton(new ConfigFile(file))
            .AddConfigReload()
            .BuildServiceProvider();
        await File.WriteAllTextAsync(file, "monitor:\n  interval: 30s\n" + Running);

        var outcome = await services.GetRequiredService<ConfigReloader>().ReloadAsync("test", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal("monitor", Assert.Single(outcome.Errors).Path);
        Assert.Contains("restart the monitor", Assert.Single(outcome.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(2, services.GetRequiredService<MonitorRuntime>().ActiveClusters().Count);
    }
}
