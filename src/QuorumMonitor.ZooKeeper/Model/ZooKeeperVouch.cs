namespace QuorumMonitor.ZooKeeper.Model;

/// <summary>
/// The ensemble vouches for a member the monitor cannot reach: <paramref name="By"/> (a member the monitor reached)
/// still counts <paramref name="Member"/> in; <paramref name="IsLeader"/> when it is the leader its followers follow.
/// </summary>
public sealed record ZooKeeperVouch(string Member, string By, bool IsLeader, string Reason);
