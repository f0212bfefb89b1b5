namespace QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

/// <summary>The fixed sentences ZooKeeper answers instead of data.</summary>
public static class FourLetterWordAnswers
{
    /// <summary>Answered to srvr/stat/mntr while the server has no quorum (election running, or quorum lost).</summary>
    public const string NotServing = "This ZooKeeper instance is not currently serving requests";

    public static bool IsNotServing(string answer) => answer.Contains(NotServing, StringComparison.Ordinal);

    /// <summary>"mntr is not executed because it is not in the whitelist."</summary>
    public static bool IsNotWhitelisted(string answer) => answer.Contains("not in the whitelist", StringComparison.Ordinal);
}
