namespace QuorumMonitor.Core.Config;

/// <summary>
/// The <c>api:</c> section: the bearer tokens that unlock the mutating endpoints (permits). Several may be valid at
/// once so a token can be rotated without a gap. No token = the mutating API is off, never open.
/// </summary>
public sealed record ApiSettings
{
    public IReadOnlyList<Secret> Tokens { get; init; } = [];
}
