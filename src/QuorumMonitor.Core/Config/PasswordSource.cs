namespace QuorumMonitor.Core.Config;

/// <summary>
/// Where the monitor user's password comes from: an environment variable or a file (first line), read at probe time
/// so a rotated file takes effect without a restart. The password itself never lives in the config, in a config
/// object or in any message: only this description of where to find it does.
/// </summary>
public sealed record PasswordSource
{
    private PasswordSource(string? environmentVariable, string? file)
    {
        EnvironmentVariable = environmentVariable;
        File = file;
    }

    public string? EnvironmentVariable { get; }

    public string? File { get; }

    public static PasswordSource None { get; } = new(null, null);

    public static PasswordSource FromEnvironment(string variable) => new(variable, null);

    public static PasswordSource FromFile(string path) => new(null, path);

    public bool IsNone => EnvironmentVariable is null && File is null;

    /// <returns>The password, or null when no source is configured.</returns>
    /// <exception cref="InvalidOperationException">The source is configured but unusable; the message names the source, never a value.</exception>
    public string? Resolve()
    {
        if (EnvironmentVariable is { } name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(value)
                ? throw new InvalidOperationException($"environment variable {name} (passwordEnv) is not set")
                : value;
        }

        if (File is { } path)
        {
            try
            {
                using var reader = new StreamReader(path);
                return reader.ReadLine() ?? "";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"cannot read passwordFile '{path}': {ex.GetType().Name}", ex);
            }
        }

        return null;
    }

    public override string ToString() =>
        EnvironmentVariable is { } v ? $"env:{v}" : File is { } f ? $"file:{f}" : "none";
}
