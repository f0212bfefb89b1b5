namespace QuorumMonitor.Core.Config;

/// <summary>One problem in a config file, located by field path and line so an operator can fix it without guessing.</summary>
/// <remarks>Path and message are made printable and bounded here: they may quote a hostile file's keys and values.</remarks>
public sealed record ConfigError(string Path, int Line, string Message)
{
    public string Path { get; init; } = ConfigText.Printable(Path, 200);

    public string Message { get; init; } = ConfigText.Printable(Message, ConfigLimits.MaxMessageLength);

    public override string ToString() => Line > 0 ? $"{Path} (line {Line}): {Message}" : $"{Path}: {Message}";
}
