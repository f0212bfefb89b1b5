using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Notify.Tests;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12, must-show 1, at a size a CI machine runs in a minute or two: a fleet of healthy fake ZooKeeper members
/// (three per ensemble, answering srvr/mntr like 3.8), and a <c>monitor run</c> pinned to core 0 at nice 10 that keeps
/// up with them, until a busy loop pinned to the same core leaves it a fraction of that core. Every timeout it then
/// measures is its own doing. It must page nobody about the clusters, page its owners once with <c>MonitorOverloaded</c>, mark the
/// clusters suspect, and, once the busy loop stops, recover without a storm of pages. The machine may be loaded by
/// others besides: the monitor may then already distrust itself before the busy loop, and may rightly page its owners
/// again after recovering; neither may page anyone about the clusters.
/// </summary>
public sealed class MonitorOverloadLiveTests : IDisposable
{
    private const int Ensembles = 400;
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    private static string Action(RecordedRequest r) => r.Json.GetProperty("action").GetString()!;

    private static string RootCause(RecordedRequest r) =>
        r.Json.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString()!;

    private static string Key(RecordedRequest r) => r.Json.GetProperty("dedupKey").GetString()!;

    private static bool IsMonitorKind(JsonElement e) => e.GetProperty("kind").GetString() == ClusterIncidents.MonitorKind;

    [Fact]
    public async Task An_overloaded_monitor_pages_its_owners_once_holds_every_cluster_page_and_recovers_without_a_storm()
    {
        await using var fleet = FakeZooKeeperFleet.Start(Ensembles);
        await using var clusterPages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var owners = await ScriptedSink.StartAsync(_ports, _ => 200);
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        await File.WriteAllTextAsync(config, $"""
            monitor:
              interval: 2s
              deadline: 1s
            correlation:
              resolveHold: 2s
            notify:
              stateFile: state.db
              channels:
                - name: oncall
                  webhook: {"{"}url: "{clusterPages.Url}page"{"}"}
                - name: monitor-owners
                  webhook: {"{"}url: "{owners.Url}owners"{"}"}
              routes:
                - severities: [page, warning]
                  channels: [oncall]
              fallback: monitor-owners

            """ + fleet.ZooKeeperYaml());
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var monitor = new MonitorProcess(["taskset", "-c", "0", "nice", "-n", "10"], "run", "--config", config, "--urls", url);
        await monitor.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(60));
        // Every ensemble evaluated and ok, judged by the ensembles' own state: the monitor's self-check (and so the
        // overall status) may already read overloaded when others load the machine, which this test then survives.
        await WaitForAsync(async () =>
        {
            var s = await StatusAsync(http, url);
            var ensembles = s.GetProperty("clusters").EnumerateArray().Where(c => !IsMonitorKind(c)).ToList();
            return ensembles.Count == Ensembles && ensembles.All(c => c.GetProperty("state").GetString() == "ok")
                && s.GetProperty("alerts").EnumerateArray().Where(a => !IsMonitorKind(a)).All(a => a.GetProperty("state").GetString() != "firing");
        }, TimeSpan.FromSeconds(120), "every ensemble ok before the load");
        var resolvedBefore = owners.Requests.Where(r => Action(r) == "resolve").Select(Key).ToHashSet(StringComparer.Ordinal);
        using var hog = StartBusyLoopOnCoreZero();
        try
        {
            // Overloaded: the owners hear of it, with the figures; the clusters' pages are held and shown as suspect.
            // The overload paged is the one open under the busy loop: new, or already open (outside load) when it began.
            var overloaded = await owners.WaitForAsync(r => Action(r) == "trigger" && !resolvedBefore.Contains(Key(r)), TimeSpan.FromSeconds(120), "MonitorOverloaded to the owners");
            Assert.Equal("MonitorOverloaded", RootCause(overloaded));
            // The figures: late starts, dispatcher wait, timeouts (whichever tipped it).
            Assert.Contains("Quorum Monitor is overloaded", overloaded.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.Contains("probes started over", overloaded.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);
            await WaitForAsync(async () =>
            {
                var s = await StatusAsync(http, url);
                return s.GetProperty("clusters").EnumerateArray().Any(c => c.TryGetProperty("suspect", out _))
                    || s.GetProperty("incidents").EnumerateArray().Any(i => i.TryGetProperty("heldBecause", out _));
            }, TimeSpan.FromSeconds(60), "a cluster marked suspect or an incident held while overloaded");
            Assert.Empty(clusterPages.Requests);

            // The load goes away: the monitor catches up, and what its lateness raised resolves unpaged.
            var stoppedAt = owners.Requests.Count;
            StopBusyLoop(hog);
            var resolved = await owners.WaitForAsync(r => Action(r) == "resolve" && Key(r) == Key(overloaded), TimeSpan.FromSeconds(120), "MonitorOverloaded resolved");
            Assert.True(resolved.Index >= stoppedAt, $"MonitorOverloaded resolved while the busy loop still ran: {resolved}");
            await WaitForAsync(async () =>
            {
                var s = await StatusAsync(http, url);
                return s.GetProperty("alerts").EnumerateArray().Where(a => !IsMonitorKind(a))
                        .All(a => a.GetProperty("state").GetString() != "firing" && a.GetProperty("state").GetString() != "pending")
                    && s.GetProperty("clusters").EnumerateArray().Where(c => !IsMonitorKind(c))
                        .All(c => !c.TryGetProperty("suspect", out _));
            }, TimeSpan.FromSeconds(90), "every cluster back to ok and trusted");

            // No storm: nothing about the clusters was ever sent. The owners got one trigger for the overload, nothing
            // else until its resolve; after that only a fresh MonitorOverloaded (outside load) may have come.
            Assert.Empty(clusterPages.Requests);
            var owned = owners.Requests;
            Assert.Single(owned, r => Action(r) == "trigger" && Key(r) == Key(overloaded));
            Assert.DoesNotContain(owned, r => Action(r) == "trigger" && r.Index > overloaded.Index && r.Index < resolved.Index);
            Assert.All(owned.Where(r => Action(r) == "trigger"), r => Assert.Equal("MonitorOverloaded", RootCause(r)));
            Assert.True(fleet.Answered > Ensembles * 3, "the fleet was probed");
        }
        finally
        {
            StopBusyLoop(hog);
        }
    }

    private static Process StartBusyLoopOnCoreZero()
    {
        var psi = new ProcessStartInfo("taskset") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in (string[])["-c", "0", "sh", "-c", "while :; do :; done"])
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    private static void StopBusyLoop(Process hog)
    {
        if (!hog.HasExited)
        {
            hog.Kill(entireProcessTree: true);
            hog.WaitForExit(5000);
        }
    }

    private static async Task<JsonElement> StatusAsync(HttpClient http, string url)
    {
        var body = await http.GetStringAsync(new Uri(url + "/api/v1/status"));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // A starved monitor may be slow to answer; keep asking.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{what} not reached within {timeout.TotalSeconds} s");
    }
}
