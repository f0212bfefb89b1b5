namespace QuorumMonitor.ZooKeeper.Model;

public enum ZooKeeperRole
{
    Leader,
    Follower,
    Observer,
    Standalone,
    ReadOnly,
}
