using System.Diagnostics;
using System.Globalization;
using QuorumMonitor.Bench.ZooKeeperKill;
using QuorumMonitor.Lab.ZooKeeper;

namespace QuorumMonitor.Bench.Fleet;

/// <summary>
/// <c>fleet ENSEMBLES CONFIG [INTERVAL] [PAGER_PORT]</c>: serves a fake fleet of ZooKeeper 3.8 members on loopback
/// (three per ensemble, answering srvr/mntr), writes a monitor config for it to CONFIG, prints "ready", and serves until
/// stdin closes. Its own process, so that the monitor under test shares no thread pool with its targets.
/// With PAGER_PORT the config pages (severity page) into a webhook receiver in this process, and stdin takes faults:
/// <c>lose-quorum E</c> (ensemble E's other members refuse, its first answers "not serving") prints the injection to
/// first page latency on one stopwatch, <c>regain-quorum E</c> undoes it, <c>pages</c> counts the pages so far.
/// </summary>
internal static class FleetCommand
{
    private static readonly TimeSpan PageWait = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync("usage: fleet ENSEMBLES CONFIG [INTERVAL] [PAGER_PORT]").ConfigureAwait(false);
            return 3;
        }

        var ensembles = int.Parse(args[1], CultureInfo.InvariantCulture);
        var interval = args.Length > 3 ? args[3] : "5s";
        var clock = Stopwatch.StartNew();
        using var pager = args.Length > 4 ? new PageReceiver(int.Parse(args[4], CultureInfo.InvariantCulture), clock) : null;
        await using var fleet = FakeZooKeeperFleet.Start(ensembles);
        var yaml = $"monitor:\n  interval: {interval}\n  deadline: 2s\n" + fleet.ZooKeeperYaml() + (pager is null ? "" : NotifyYaml(pager.Url, args[2]));
        await File.WriteAllTextAsync(args[2], yaml).ConfigureAwait(false);
        Console.WriteLine($"ready {ensembles * fleet.MembersPerEnsemble} members");
        var waits = new List<Task>();
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words)
            {
                case ["answered"]:
                    Console.WriteLine($"answered {fleet.Answered}");
                    break;
                case ["pages"] when pager is not null:
                    Console.WriteLine($"pages {Pages(pager, TimeSpan.Zero).Count}");
                    break;
                case ["dump"] when pager is not null:
                    foreach (var p in pager.Since("/pager", TimeSpan.Zero))
                    {
                        Console.WriteLine($"{p.At} {p.Path} {p.Body}");
                    }

                    break;
                case ["lose-quorum", var e] when pager is not null:
                    var ensemble = int.Parse(e, CultureInfo.InvariantCulture);
                    var before = Pages(pager, TimeSpan.Zero).Count;
                    var injectedAt = clock.Elapsed;
                    fleet.LoseQuorum(ensemble);
                    Console.WriteLine($"injected {FakeZooKeeperFleet.EnsembleName(ensemble)} (pages before: {before})");
                    waits.Add(ReportPageAsync(pager, clock, FakeZooKeeperFleet.EnsembleName(ensemble), injectedAt));
                    break;
                case ["regain-quorum", var e]:
                    fleet.RegainQuorum(int.Parse(e, CultureInfo.InvariantCulture));
                    Console.WriteLine($"restored {FakeZooKeeperFleet.EnsembleName(int.Parse(e, CultureInfo.InvariantCulture))}");
                    break;
            }
        }

        await Task.WhenAll(waits).ConfigureAwait(false);
        return 0;
    }

    private static string NotifyYaml(string pagerUrl, string configPath) => $"""
        notify:
          stateFile: {configPath}.state.db
          channels:
            - name: pager
              webhook: {"{"}url: "{pagerUrl}/pager"{"}"}
            - name: tickets
              webhook: {"{"}url: "{pagerUrl}/tickets"{"}"}
          routes:
            - severities: [page]
              channels: [pager]
          fallback: tickets

        """;

    /// <summary>Page triggers since <paramref name="since"/> (the route sends only pages there; counted by severity anyway).</summary>
    private static List<ReceivedPost> Pages(PageReceiver pager, TimeSpan since) =>
        pager.Since("/pager", since).Where(p => p.Body.GetProperty("action").GetString() == "trigger"
            && p.Body.GetProperty("severity").GetString() == "page").ToList();

    private static async Task ReportPageAsync(PageReceiver pager, Stopwatch clock, string cluster, TimeSpan injectedAt)
    {
        while (clock.Elapsed - injectedAt < PageWait)
        {
            var pages = Pages(pager, injectedAt);
            var mine = pages.FirstOrDefault(p => p.Body.GetProperty("incident").GetProperty("rootCause").GetProperty("cluster").GetString() == cluster);
            if (mine is not null)
            {
                var rootCause = mine.Body.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"paged {cluster} after {(mine.At - injectedAt).TotalSeconds:0.00} s: {rootCause}; pages since injection: {pages.Count}"));
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }

        Console.WriteLine($"no page for {cluster} within {PageWait.TotalSeconds:0} s");
    }
}
