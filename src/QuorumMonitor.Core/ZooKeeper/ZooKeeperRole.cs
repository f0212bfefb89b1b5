namespace QuorumMonitor.Core.ZooKeeper;

public enum ZooKeeperRole
{
    Leader,
    Follower,
    Observer,
    Standalone,
    ReadOnly,
}
