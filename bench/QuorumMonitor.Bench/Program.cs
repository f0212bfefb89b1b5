using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/QuorumMonitor.Bench -- --filter '*'
// Results and the command that produced them are recorded in bench/RESULTS.md.
// The MySQL freeze harness (a side-by-side run, not a BenchmarkDotNet benchmark):
//   dotnet run -c Release --project bench/QuorumMonitor.Bench -- mysql-freeze [trials]
if (args is ["mysql-freeze", ..])
{
    return await QuorumMonitor.Bench.MySqlFreeze.MySqlFreezeHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

// Issue 17, must-show 1: two ZooKeeper members killed at once, this monitor vs Prometheus + blackbox + Alertmanager:
//   dotnet run -c Release --project bench/QuorumMonitor.Bench -- zk-kill-page [trials] [freezeTrials]
if (args is ["zk-kill-page", ..])
{
    return await QuorumMonitor.Bench.ZooKeeperKill.ZkKillPageHarness.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

// A fake ZooKeeper fleet for scale runs of `monitor run` (see bench/fleet-scale.sh):
//   dotnet run -c Release --project bench/QuorumMonitor.Bench -- fleet ENSEMBLES CONFIG [INTERVAL]
if (args is ["fleet", ..])
{
    return await QuorumMonitor.Bench.Fleet.FleetCommand.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(QuorumMonitor.Bench.ZooKeeperKill.ZkKillPageHarness).Assembly).Run(args);
return 0;
