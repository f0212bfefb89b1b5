// Live tests start real Alertmanagers and child processes, and some time delivery on the wall clock: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
