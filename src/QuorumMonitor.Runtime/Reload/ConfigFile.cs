namespace QuorumMonitor.Runtime.Reload;

/// <summary>The file <c>monitor run</c> read its config from: what a reload reads again.</summary>
public sealed record ConfigFile(string Path);
