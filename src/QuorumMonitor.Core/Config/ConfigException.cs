namespace QuorumMonitor.Core.Config;

/// <summary>Thrown when a config is invalid; carries every problem found, not only the first.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base("invalid config: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public ConfigException(string message)
        : this([new ConfigError("config", 0, message)])
    {
    }

    public ConfigException()
        : this("invalid config")
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ConfigError("config", 0, message)];
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
