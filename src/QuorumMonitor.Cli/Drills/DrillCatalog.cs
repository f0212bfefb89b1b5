namespace QuorumMonitor.Cli.Drills;

/// <summary>Every drill, in the order <c>monitor drill list</c> prints them and <c>drill run all</c> runs them.</summary>
public static class DrillCatalog
{
    public static IReadOnlyList<IDrill> All { get; } =
    [
        new ZooKeeperTwoRestartsDrill(),
        new MySqlFreezeDrill(),
        new Paging402Drill(),
    ];

    public static IDrill? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
