using QuorumMonitor.ZooKeeper.Probes;
// Live tests start real ZooKeeper JVMs; on a 2-core machine they are more reliable one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
