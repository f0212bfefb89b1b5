using System.Globalization;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Bench.Fleet;

/// <summary>
/// <c>fleet ENSEMBLES CONFIG [INTERVAL]</c>: serves a fake fleet of ZooKeeper 3.8 members on loopback (three per
/// ensemble, answering srvr/mntr), writes a monitor config for it to CONFIG, prints "ready", and serves until stdin
/// closes. Its own process, so that the monitor under test shares no thread pool with its targets.
/// </summary>
internal static class FleetCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync("usage: fleet ENSEMBLES CONFIG [INTERVAL]").ConfigureAwait(false);
            return 3;
        }

        var ensembles = int.Parse(args[1], CultureInfo.InvariantCulture);
        var interval = args.Length > 3 ? args[3] : "5s";
        await using var fleet = FakeZooKeeperFleet.Start(ensembles);
        var yaml = $"monitor:\n  interval: {interval}\n  deadline: 2s\n" + fleet.ZooKeeperYaml();
        await File.WriteAllTextAsync(args[2], yaml).ConfigureAwait(false);
        Console.WriteLine($"ready {ensembles * fleet.MembersPerEnsemble} members");
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Trim() == "answered")
            {
                Console.WriteLine($"answered {fleet.Answered}");
            }
        }

        return 0;
    }
}
