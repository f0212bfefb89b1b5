namespace Monitor.Core.Config;

/// <summary>One problem in a config file, located by field path and line so an operator can fix it without guessing.</summary>
public sealed record ConfigError(string Path, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Path} (line {Line}): {Message}" : $"{Path}: {Message}";
}
