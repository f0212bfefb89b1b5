namespace QuorumMonitor.Core.Model;

/// <summary>What an on-call engineer should check next for an alert, and where the longer runbook lives.</summary>
public sealed record Runbook(string Alert, IReadOnlyList<string> NextSteps)
{
    /// <summary>The section of <c>docs/runbooks.md</c> in this repository (Markdown anchors are lower case).</summary>
    public string Link => $"docs/runbooks.md#{Alert.ToLowerInvariant()}";
}
