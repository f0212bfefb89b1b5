using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;

namespace QuorumMonitor.Galera.Tests;

/// <summary>Synthetic node results, as a probe would report them.</summary>
internal static class Nodes
{
    public const string Uuid = "348b073c-ed83-11f1-a967-03df81a46f12";
    public const string OtherUuid = "9d1c0b2a-ed90-11f1-b111-0242ac120002";

    public static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static GaleraNodeResult Synced(int port, int size = 3, long conf = 5, string uuid = Uuid, int? weight = 1) => new()
    {
        UnitId = Name(port),
        At = At,
        Duration = TimeSpan.FromMilliseconds(3),
        Name = Name(port),
        State = GaleraNodeState.Ok,
        ClusterStatus = "Primary",
        ClusterSize = size,
        Ready = true,
        Connected = true,
        LocalStateComment = "Synced",
        StateUuid = uuid,
        ConfId = conf,
        FlowControlPaused = 0,
        RecvQueue = 0,
        Weight = weight,
    };

    public static GaleraNodeResult Desynced(int port) => Synced(port) with { LocalStateComment = "Donor/Desynced" };

    public static GaleraNodeResult NonPrimary(int port) => Synced(port, size: 1, conf: -1) with
    {
        ClusterStatus = "non-Primary",
        Ready = false,
        LocalStateComment = "Initialized",
    };

    public static GaleraNodeResult Down(int port, GaleraNodeState state = GaleraNodeState.Refused) => new()
    {
        UnitId = Name(port),
        At = At,
        Duration = TimeSpan.FromMilliseconds(1),
        Name = Name(port),
        State = state,
        Error = state == GaleraNodeState.Refused ? "Connection refused" : "no answer within 2000 ms",
    };

    public static GaleraClusterObservation Cluster(params GaleraNodeResult[] nodes) =>
        new(new ClusterRef(GaleraKind.KindName, "shop"), At, nodes, 0.1);

    public static string Name(int port) => $"10.0.0.1:{port}";
}
