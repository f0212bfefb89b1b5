namespace QuorumMonitor.Core.Probing;

public enum ProbeFailureKind
{
    /// <summary>The unit did not finish inside its own deadline.</summary>
    Timeout,

    /// <summary>The unit threw: a bug or an answer it could not read.</summary>
    Error,
}
