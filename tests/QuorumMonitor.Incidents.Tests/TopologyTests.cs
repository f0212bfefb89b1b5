namespace QuorumMonitor.Incidents.Tests;

public class TopologyTests
{
    [Fact]
    public void Dependencies_are_transitive_and_groups_depend_on_their_cluster()
    {
        var t = new Topology();
        var zk = new TopologyNode("zookeeper", "zk");
        var kafka = new TopologyNode("kafka", "events");
        var group = new TopologyNode("kafka", "events", "billing");
        var db = new TopologyNode("mysql", "db");
        t.AddDependency(kafka, zk);
        t.AddDependency(group, db);

        Assert.True(t.DependsOn(group, zk));
        Assert.True(t.DependsOn(group, kafka));
        Assert.True(t.DependsOn(group, db));
        Assert.False(t.DependsOn(kafka, db));
        Assert.False(t.DependsOn(zk, kafka));
        Assert.True(t.Related(zk, group));
        Assert.False(t.Related(db, kafka));
    }

    [Fact]
    public void Cycles_do_not_loop()
    {
        var t = new Topology();
        var a = new TopologyNode("k", "a");
        var b = new TopologyNode("k", "b");
        var c = new TopologyNode("k", "c");
        t.AddDependency(a, b);
        t.AddDependency(b, a);

        Assert.False(t.DependsOn(a, c));
        Assert.True(t.DependsOn(a, b));
    }
}
