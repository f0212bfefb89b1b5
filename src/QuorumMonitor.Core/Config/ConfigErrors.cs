namespace QuorumMonitor.Core.Config;

/// <summary>Collects problems while a config is read, so one run reports all of them.</summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> All => _errors;

    public void Add(string path, int line, string message) => _errors.Add(new ConfigError(path, line, message));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors.ToArray());
        }
    }
}
