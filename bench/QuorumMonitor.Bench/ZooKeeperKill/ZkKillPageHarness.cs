using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

namespace QuorumMonitor.Bench.ZooKeeperKill;

/// <summary>
/// Issue 17, must-show 1, side by side in one run on one real 3-member ensemble: this monitor (<c>monitor run</c> as
/// a process: interval 1s, confirmRounds 2, fast confirmation on by default, a webhook channel that only pages reach; warnings and the fallback go to another path) and
/// the tuned peer (<see cref="PeerStack"/>), both paging into one local receiver. Trials: SIGKILL of two members at
/// once, kill → first page per stack and the pages each sent; then a 3 s SIGSTOP of one follower (quorum kept),
/// pages per stack.
/// </summary>
public static class ZkKillPageHarness
{
    private const string ClusterName = "zk-bench";
    private const string QuorumLost = "ZooKeeperQuorumLost";
    private static readonly TimeSpan PageCap = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CountWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FreezeFor = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FreezeWindow = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(int trials, int freezeTrials)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        var clock = Stopwatch.StartNew();
        using var lab = new LabDirectory();
        var ports = new FreePorts();
        using var ensemble = ZooKeeperEnsemble.Start(3, ports, lab, "zk");
        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(90), ct);
        using var receiver = new PageReceiver(ports.Next(), clock);
        using var peer = await PeerStack.StartAsync(ensemble.Servers, receiver.Url + "/peer", ports, lab, ct);

        var configPath = Path.Combine(lab.Root, "monitor.yaml");
        await File.WriteAllTextAsync(configPath, MonitorYaml(ensemble, receiver.Url + "/monitor", Path.Combine(lab.Root, "monitor-state.db")), ct);
        var monitorUrl = $"http://127.0.0.1:{ports.Next().ToString(CultureInfo.InvariantCulture)}";
        using var monitor = new MonitorCliProcess(configPath, monitorUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Console.WriteLine($"lab: {lab.Root}; load average at start: {LoadAverage()}");
        Console.WriteLine("monitor config:\n" + await File.ReadAllTextAsync(configPath, ct));
        var kills = new List<KillTrial>();
        try
        {
            for (var trial = 1; trial <= trials; trial++)
            {
                await WaitQuietAsync(http, monitorUrl, monitor, peer, ensemble, ct);
                kills.Add(await KillTrialAsync(trial, ensemble, receiver, clock, ct));
                Console.WriteLine(kills[^1].Row());
                foreach (var m in ensemble.Members.Where(m => !m.IsRunning))
                {
                    m.Start();
                }

                await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(120), ct);
            }

            var freezes = new List<FreezeTrial>();
            for (var trial = 1; trial <= freezeTrials; trial++)
            {
                await WaitQuietAsync(http, monitorUrl, monitor, peer, ensemble, ct);
                freezes.Add(await FreezeTrialAsync(trial, ensemble, receiver, clock, ct));
                Console.WriteLine(freezes[^1].Row());
            }

            await WaitQuietAsync(http, monitorUrl, monitor, peer, ensemble, ct);
            Console.WriteLine($"load average at end: {LoadAverage()}");
            PrintSummary(kills, freezes);
            return 0;
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException)
        {
            Console.Error.WriteLine($"harness failed: {ex.Message}\nmonitor output:\n{monitor.Output}");
            return 1;
        }
    }

    // resolveHold (README, "Correlation"; default 2m) only decides whether a re-fire after every alert cleared is the same
    // incident: shortened so that each trial's kill is a new incident (a new page) without waiting 2 minutes between
    // trials. It is not on the kill -> page path.
    private static string MonitorYaml(ZooKeeperEnsemble ensemble, string webhookUrl, string stateFile) => $"""
        monitor:
          interval: 1s
          confirmRounds: 2
        zookeeper:
        {ensemble.ToYaml(ClusterName)}
        correlation:
          resolveHold: 10s
        notify:
          stateFile: {stateFile}
          channels:
            - name: pager
              webhook: {"{"}url: "{webhookUrl}"{"}"}
            - name: tickets
              webhook: {"{"}url: "{webhookUrl}-warnings"{"}"}
          routes:
            - severities: [page]
              channels: [pager]
          fallback: tickets
        """;

    private static async Task<KillTrial> KillTrialAsync(int trial, ZooKeeperEnsemble ensemble, PageReceiver receiver, Stopwatch clock, CancellationToken ct)
    {
        var leader = await ensemble.FindLeaderAsync(ct);
        // Rotate which two die, so the leader is among them in some trials and survives in others.
        var victims = new[] { ensemble.Members[(trial - 1) % 3], ensemble.Members[trial % 3] };
        var processes = victims.Select(v => Process.GetProcessById(v.Pid!.Value)).ToList();
        var killedAt = clock.Elapsed;
        foreach (var p in processes)
        {
            p.Kill();  // SIGKILL, both before either is reaped: "at once".
        }

        foreach (var v in victims)
        {
            v.Kill();  // reaps and forgets the pid file
        }

        foreach (var p in processes)
        {
            p.Dispose();
        }

        await WaitForBothPagesAsync(receiver, killedAt, clock, ct);
        var monitorPages = MonitorPages(receiver, killedAt, killedAt + CountWindow);
        var peerPages = PeerPages(receiver, killedAt, killedAt + CountWindow);
        return new KillTrial(trial, string.Join("+", victims.Select(v => v.Name)), victims.Contains(leader),
            monitorPages.FirstOrDefault()?.At - killedAt, monitorPages.Count, monitorPages.Select(p => p.Body.GetProperty("dedupKey").GetString()).Distinct().Count(),
            string.Join(",", monitorPages.Select(p => p.Body.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString()).Distinct()),
            peerPages.FirstOrDefault()?.At - killedAt, peerPages.Count, peerPages.Select(p => p.Body.GetProperty("groupKey").GetString()).Distinct().Count(),
            FiringInstances(peerPages));
    }

    private static async Task WaitForBothPagesAsync(PageReceiver receiver, TimeSpan since, Stopwatch clock, CancellationToken ct)
    {
        while (clock.Elapsed - since < PageCap
            && (MonitorPages(receiver, since, TimeSpan.MaxValue).Count == 0 || PeerPages(receiver, since, TimeSpan.MaxValue).Count == 0))
        {
            await Task.Delay(50, ct);
        }

        var rest = since + CountWindow - clock.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, ct);
        }
    }

    private static async Task<FreezeTrial> FreezeTrialAsync(int trial, ZooKeeperEnsemble ensemble, PageReceiver receiver, Stopwatch clock, CancellationToken ct)
    {
        ZooKeeperNode? follower = null;
        foreach (var m in ensemble.Members)
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
            probe.CancelAfter(TimeSpan.FromSeconds(2));
            if (SrvrAnswer.Parse(await FourLetterWordClient.AskAsync(m.Address, "srvr", probe.Token)).Role == ZooKeeperRole.Follower)
            {
                follower = m;
                break;
            }
        }

        if (follower is null)
        {
            throw new TimeoutException("no member answers srvr as follower");
        }

        var frozenAt = clock.Elapsed;
        follower.Freeze();
        try
        {
            await Task.Delay(FreezeFor, ct);
        }
        finally
        {
            follower.Resume();
        }

        await Task.Delay(frozenAt + FreezeWindow - clock.Elapsed, ct);
        var monitorPages = MonitorPages(receiver, frozenAt, frozenAt + FreezeWindow);
        var peerPages = PeerPages(receiver, frozenAt, frozenAt + FreezeWindow);
        return new FreezeTrial(trial, follower.Name, monitorPages.Count, peerPages.Count, FiringInstances(peerPages),
            peerPages.FirstOrDefault()?.At - frozenAt);
    }

    /// <summary>The monitor's page-severity triggers (the route sends only those; counted by severity anyway).</summary>
    private static List<ReceivedPost> MonitorPages(PageReceiver receiver, TimeSpan from, TimeSpan to) =>
        receiver.Since("/monitor", from).Where(p => p.At <= to
            && p.Body.GetProperty("action").GetString() == "trigger"
            && p.Body.GetProperty("severity").GetString() == "page").ToList();

    /// <summary>Alertmanager notifications with firing alerts (its resolves are not pages).</summary>
    private static List<ReceivedPost> PeerPages(PageReceiver receiver, TimeSpan from, TimeSpan to) =>
        receiver.Since("/peer", from).Where(p => p.At <= to && p.Body.GetProperty("status").GetString() == "firing").ToList();

    private static int FiringInstances(IEnumerable<ReceivedPost> peerPages) => peerPages
        .SelectMany(p => p.Body.GetProperty("alerts").EnumerateArray())
        .Where(a => a.GetProperty("status").GetString() == "firing")
        .Select(a => a.GetProperty("labels").GetProperty("instance").GetString())
        .Distinct().Count();

    private static async Task WaitQuietAsync(HttpClient http, string monitorUrl, MonitorCliProcess monitor, PeerStack peer, ZooKeeperEnsemble ensemble, CancellationToken ct)
    {
        var start = Stopwatch.StartNew();
        var last = "";
        var quietSince = (TimeSpan?)null;
        while (start.Elapsed < QuietTimeout)
        {
            if (monitor.HasExited)
            {
                throw new TimeoutException("monitor exited");
            }

            try
            {
                var why = await MonitorNotQuietAsync(http, monitorUrl, ct) ?? await peer.NotQuietAsync(http, ensemble.Members.Count, ct);
                if (why is null)
                {
                    quietSince ??= start.Elapsed;
                    // Quiet for two evaluation intervals of both stacks, so a trial never starts on a late resolve.
                    if (start.Elapsed - quietSince >= TimeSpan.FromSeconds(2))
                    {
                        return;
                    }
                }
                else
                {
                    quietSince = null;
                    last = why;
                }
            }
            catch (HttpRequestException ex)
            {
                quietSince = null;
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                quietSince = null;
                last = "a status request timed out";
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException($"not quiet after {QuietTimeout.TotalSeconds:0} s: {last}");
    }

    private static async Task<string?> MonitorNotQuietAsync(HttpClient http, string monitorUrl, CancellationToken ct)
    {
        var status = JsonDocument.Parse(await http.GetStringAsync(monitorUrl + "/api/v1/status", ct)).RootElement;
        var cluster = status.GetProperty("clusters").EnumerateArray().FirstOrDefault(c => c.GetProperty("name").GetString() == ClusterName);
        var state = cluster.ValueKind == JsonValueKind.Object ? cluster.GetProperty("state").GetString() : "not evaluated yet";
        var active = status.GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("state").GetString() is "firing" or "pending")
            .Select(a => a.GetProperty("name").GetString()).ToList();
        var open = status.TryGetProperty("incidents", out var incidents)
            ? incidents.EnumerateArray().Count(i => i.GetProperty("state").GetString() != "resolved")
            : 0;
        return state == "ok" && active.Count == 0 && open == 0 ? null : $"monitor: cluster {state}, alerts [{string.Join(", ", active)}], {open} open incidents";
    }

    private static void PrintSummary(List<KillTrial> kills, List<FreezeTrial> freezes)
    {
        Console.WriteLine();
        Console.WriteLine("| stack | kill → first page: min / median / p99 (= max) | trials paged | pages per trial | incidents / groups per trial | named |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Console.WriteLine($"| this monitor | {Stats(kills.Select(k => k.MonitorFirst))} | {kills.Count(k => k.MonitorFirst is not null)}/{kills.Count} | {Range(kills.Select(k => k.MonitorPages))} | {Range(kills.Select(k => k.MonitorIncidents))} incidents | {string.Join(", ", kills.Select(k => k.MonitorRootCauses).Distinct())} |");
        Console.WriteLine($"| tuned peer | {Stats(kills.Select(k => k.PeerFirst))} | {kills.Count(k => k.PeerFirst is not null)}/{kills.Count} | {Range(kills.Select(k => k.PeerPages))} | {Range(kills.Select(k => k.PeerGroups))} groups of {Range(kills.Select(k => k.PeerInstances))} `{PeerStack.AlertName}` instances | no quorum semantics |");
        Console.WriteLine();
        Console.WriteLine($"follower SIGSTOP {FreezeFor.TotalSeconds:0} s ({freezes.Count} trials): this monitor {Range(freezes.Select(f => f.MonitorPages))} pages per trial; peer {Range(freezes.Select(f => f.PeerPages))} notifications per trial ({Range(freezes.Select(f => f.PeerInstances))} instances)");
        var monitorMedian = Median(kills.Select(k => k.MonitorFirst));
        var peerMedian = Median(kills.Select(k => k.PeerFirst));
        var monitorMax = kills.Select(k => k.MonitorFirst ?? TimeSpan.MaxValue).Max();
        var met = kills.All(k => k.MonitorFirst is not null) && monitorMedian <= peerMedian && monitorMax <= TimeSpan.FromSeconds(1.5)
            && kills.All(k => k.MonitorIncidents == 1 && k.MonitorRootCauses == QuorumLost) && freezes.All(f => f.MonitorPages == 0);
        Console.WriteLine($"must-show 1: monitor median {S(monitorMedian)} ≤ peer median {S(peerMedian)}, monitor p99 {S(monitorMax)} ≤ 1.5 s, one {QuorumLost} incident per kill, 0 pages on the follower freeze: {(met ? "MET" : "NOT MET")}");
    }

    private static string Stats(IEnumerable<TimeSpan?> values)
    {
        var v = values.Where(x => x is not null).Select(x => x!.Value).Order().ToList();
        return v.Count == 0 ? "no page" : $"{S(v[0])} / {S(Median(v.Select(x => (TimeSpan?)x)))} / {S(v[^1])}";
    }

    private static TimeSpan? Median(IEnumerable<TimeSpan?> values)
    {
        var v = values.Where(x => x is not null).Select(x => x!.Value).Order().ToList();
        return v.Count == 0 ? null : v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
    }

    private static string Range(IEnumerable<int> values)
    {
        var v = values.ToList();
        return v.Count == 0 ? "-" : v.Min() == v.Max() ? v.Min().ToString(CultureInfo.InvariantCulture) : $"{v.Min().ToString(CultureInfo.InvariantCulture)}–{v.Max().ToString(CultureInfo.InvariantCulture)}";
    }

    internal static string S(TimeSpan? t) => t is { } x && x != TimeSpan.MaxValue ? $"{x.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s" : "none";

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private sealed record KillTrial(int Trial, string Killed, bool LeaderKilled, TimeSpan? MonitorFirst, int MonitorPages, int MonitorIncidents, string MonitorRootCauses,
        TimeSpan? PeerFirst, int PeerPages, int PeerGroups, int PeerInstances)
    {
        public string Row() => $"| kill {Trial.ToString(CultureInfo.InvariantCulture)} | {Killed}{(LeaderKilled ? " (leader among them)" : "")} | {S(MonitorFirst)} | {MonitorPages.ToString(CultureInfo.InvariantCulture)} pages, {MonitorIncidents.ToString(CultureInfo.InvariantCulture)} incidents, {MonitorRootCauses} | {S(PeerFirst)} | {PeerPages.ToString(CultureInfo.InvariantCulture)} notifications, {PeerGroups.ToString(CultureInfo.InvariantCulture)} groups, {PeerInstances.ToString(CultureInfo.InvariantCulture)} instances |";
    }

    private sealed record FreezeTrial(int Trial, string Frozen, int MonitorPages, int PeerPages, int PeerInstances, TimeSpan? PeerFirst)
    {
        public string Row() => $"| freeze {Trial.ToString(CultureInfo.InvariantCulture)} | {Frozen} (follower) | {MonitorPages.ToString(CultureInfo.InvariantCulture)} pages | {PeerPages.ToString(CultureInfo.InvariantCulture)} notifications, {PeerInstances.ToString(CultureInfo.InvariantCulture)} instances, first at {S(PeerFirst)} |";
    }
}
