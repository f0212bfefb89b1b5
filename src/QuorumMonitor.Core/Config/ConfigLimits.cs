namespace QuorumMonitor.Core.Config;

/// <summary>
/// Bounds on a config file, checked before the YAML is built into a tree: a hostile or broken file must fail with a
/// message, never with a stack overflow (deep nesting), an exhausted heap (alias bombs) or a hang.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Largest config file read; real configs are a few KiB.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and lists; real configs nest 4-5 levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes the document may have once every alias is expanded ("billion laughs" defence).</summary>
    public const int MaxExpandedNodes = 200_000;

    /// <summary>Longest error message, so that a huge value echoed in one cannot flood a terminal or a log.</summary>
    public const int MaxMessageLength = 400;
}
