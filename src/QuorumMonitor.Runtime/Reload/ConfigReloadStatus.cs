using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>How the last reload went, for <c>/api/v1/status</c> and the <c>quorum_monitor_config_*</c> series.</summary>
public sealed class ConfigReloadStatus
{
    private readonly Lock _lock = new();
    private readonly string? _file;
    private bool _successful = true;
    private DateTimeOffset? _attemptedAt;
    private DateTimeOffset _loadedAt;
    private IReadOnlyList<ConfigError> _errors = [];
    private string? _changes;

    public ConfigReloadStatus(TimeProvider time, ConfigFile? file = null)
    {
        _loadedAt = time.GetUtcNow();
        _file = file?.Path;
    }

    public bool LastReloadSuccessful
    {
        get
        {
            lock (_lock)
            {
                return _successful;
            }
        }
    }

    /// <summary>When the running config was loaded (start-up or the last successful reload).</summary>
    public DateTimeOffset LoadedAt
    {
        get
        {
            lock (_lock)
            {
                return _loadedAt;
            }
        }
    }

    public void Succeeded(DateTimeOffset at, ClusterSetDiff diff)
    {
        lock (_lock)
        {
            _successful = true;
            _attemptedAt = at;
            _loadedAt = at;
            _errors = [];
            _changes = diff.ToString();
        }
    }

    public void Failed(DateTimeOffset at, IReadOnlyList<ConfigError> errors)
    {
        lock (_lock)
        {
            _successful = false;
            _attemptedAt = at;
            _errors = errors;
        }
    }

    public RunningConfigReport Report(MonitorRuntime runtime)
    {
        var clusters = runtime.ActiveClusters()
            .Where(c => c.Key.Kind != ClusterKinds.Monitor)
            .OrderBy(c => c.Key.Kind, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Name, StringComparer.Ordinal)
            .Select(c => new RunningClusterReport(c.Key.Kind, c.Key.Name,
                [.. runtime.Clusters[c.Value].Units.Select(u => new RunningUnitReport(u.Id, u.Deadline.TotalSeconds))]))
            .ToList();
        lock (_lock)
        {
            return new RunningConfigReport
            {
                File = _file,
                LastReloadSuccessful = _successful,
                LastReloadAt = _attemptedAt,
                LoadedAt = _loadedAt,
                Error = _errors.Count == 0 ? null : string.Join("; ", _errors),
                Errors = [.. _errors.Select(e => new ConfigErrorReport(e.Path, e.Line, e.Message))],
                LastReloadChanges = _changes,
                Clusters = clusters,
            };
        }
    }
}
