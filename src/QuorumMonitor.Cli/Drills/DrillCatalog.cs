namespace QuorumMonitor.Cli.Drills;

/// <summary>Every drill, in the order <c>monitor drill list</c> prints them and <c>drill run all</c> runs them.</summary>
public static class DrillCatalog
{
    public static IReadOnlyList<IDrill> All { get; } =
    [
        new ZooKeeperTwoRestartsDrill(),
        new ZooKeeperFrozenMemberDrill(),
        new KafkaBrokerDownDrill(),
        new KafkaConsumerStallDrill(),
        new KafkaUnresolvableHostDrill(),
        new KafkaNicCreepDrill(),
        new MySqlFreezeDrill(),
        new MySqlNoStandbyDrill(),
        new Paging402Drill(),
        new CorrelatedZooKeeperKafkaDrill(),
    ];

    public static IDrill? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
