using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>How members are named in alert summaries: address, then what is wrong with it.</summary>
internal static class ZooKeeperMemberText
{
    public static string StateText(ZooKeeperMemberResult m) => m.State switch
    {
        ZooKeeperMemberState.Refused => "down (connection refused)",
        ZooKeeperMemberState.Timeout => $"not answering ({m.Error ?? "timeout"})",
        ZooKeeperMemberState.NotServing => $"not serving ({m.Error ?? "no quorum"})",
        ZooKeeperMemberState.Error => $"in error ({m.Error})",
        _ => Names.Kebab(m.State),
    };

    public static string Describe(IEnumerable<ZooKeeperMemberResult> members)
    {
        var down = members.Where(m => m.State != ZooKeeperMemberState.NotServing).Select(m => $"{m.Address} ({Names.Kebab(m.State)})").ToList();
        var notServing = members.Where(m => m.State == ZooKeeperMemberState.NotServing).Select(m => m.Address.ToString()).ToList();
        var parts = new List<string>();
        if (down.Count > 0)
        {
            parts.Add("down: " + string.Join(", ", down));
        }

        if (notServing.Count > 0)
        {
            parts.Add("up but not serving: " + string.Join(", ", notServing));
        }

        return parts.Count == 0 ? "all members serving" : string.Join("; ", parts);
    }
}
