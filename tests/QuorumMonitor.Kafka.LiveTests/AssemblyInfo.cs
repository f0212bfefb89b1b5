using QuorumMonitor.Kafka.Probes;
// Live tests run librdkafka mock clusters, node_exporter and Prometheus; on a 2-core machine one at a time is more reliable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
