namespace QuorumMonitor.ZooKeeper.Probes.Wire;

/// <summary>A znode's Stat, in wire order.</summary>
public sealed record ZooKeeperStat(
    long Czxid, long Mzxid, long Ctime, long Mtime, int Version, int Cversion, int Aversion,
    long EphemeralOwner, int DataLength, int NumChildren, long Pzxid)
{
    internal static ZooKeeperStat Read(ref JuteReader r) => new(
        r.Long(), r.Long(), r.Long(), r.Long(), r.Int(), r.Int(), r.Int(), r.Long(), r.Int(), r.Int(), r.Long());
}
