using QuorumMonitor.MySql.Probes;
// Live tests start real MariaDB servers; on a 2-core machine they are more reliable one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
