using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime.Pipeline;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>
/// Live reload (<c>SIGHUP</c>, <c>POST /-/reload</c>): reads the config file again and validates it as start-up does;
/// an invalid file, or one that changes a start-up-only section, leaves the running config as it is and the failure
/// is logged and kept for the status and metrics. A valid one is diffed against the running config, the monitors of
/// changed and added clusters are built here, off the dispatcher, and only the swap runs on the dispatcher
/// (<see cref="ApplyConfigReloadHandler"/>). One reload at a time.
/// </summary>
public sealed partial class ConfigReloader(
    IServiceProvider services,
    MonitorConfig startup,
    PipelineBus bus,
    ConfigReloadStatus status,
    TimeProvider time,
    ILogger<ConfigReloader> log,
    ConfigFile? file = null)
{
    /// <summary>How long the dispatcher may take to reach the swap before the reload is reported as failed.</summary>
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _one = new(1, 1);
    private MonitorConfig _running = startup;

    public bool Available => file is not null;

    /// <summary>The config that runs now: the start-up one, or the last one a reload applied (its clusters are this shard's).</summary>
    public MonitorConfig Running => Volatile.Read(ref _running);

    /// <param name="trigger">What asked for it (<c>SIGHUP</c>, <c>POST /-/reload</c>), for the log.</param>
    public async Task<ReloadOutcome> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return Fail([new ConfigError("config", 0, "the monitor was not started from a config file (monitor run --config FILE); there is nothing to reload")], trigger, record: false);
        }

        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            MonitorConfig next;
            try
            {
                next = new ConfigLoader([.. services.GetServices<IClusterKind>()]).LoadFile(file.Path);
            }
            catch (ConfigException ex)
            {
                return Fail(ex.Errors, trigger);
            }

            if (StartupOnlySections.Changed(_running, next) is { Count: > 0 } startupOnly)
            {
                return Fail(startupOnly, trigger);
            }

            var diff = ClusterSetDiff.Between(_running, next);
            ApplyConfigReload apply;
            try
            {
                var monitors = ReloadedClusters.Build(services, next, new HashSet<ClusterRef>([.. diff.Changed, .. diff.Added]));
                apply = new ApplyConfigReload(diff, monitors, TopologyBuilder.From(next));
            }
#pragma warning disable CA1031 // A kind that cannot build a cluster's monitor fails the reload, never the running monitor.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Fail([new ConfigError("config", 0, $"building the new clusters failed: {ex.Message}")], trigger);
            }

            bus.Post(apply);
            try
            {
                await apply.Applied.Task.WaitAsync(ApplyTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                apply.Abandoned = true;
                return Fail([new ConfigError("config", 0, $"the pipeline did not take the reload within {ApplyTimeout.TotalSeconds:0} s (overloaded?); the running config stays")], trigger);
            }

            Volatile.Write(ref _running, next);
            status.Succeeded(time.GetUtcNow(), diff);
            LogReloaded(trigger, file.Path, diff.ToString());
            return new ReloadOutcome(true, diff, []);
        }
        finally
        {
            _one.Release();
        }
    }

    private ReloadOutcome Fail(IReadOnlyList<ConfigError> errors, string trigger, bool record = true)
    {
        if (record)
        {
            status.Failed(time.GetUtcNow(), errors);
        }

        LogReloadFailed(trigger, file?.Path ?? "(none)", string.Join("; ", errors));
        return new ReloadOutcome(false, null, errors);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "config reloaded ({Trigger}) from {File}: {Changes}")]
    private partial void LogReloaded(string trigger, string file, string changes);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload ({Trigger}) from {File} failed; the running config stays: {Errors}")]
    private partial void LogReloadFailed(string trigger, string file, string errors);
}
