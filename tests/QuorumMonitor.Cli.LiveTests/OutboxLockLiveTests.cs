using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12, must-show 3, live: <c>monitor run</c> as its own process; another process (the <c>sqlite3</c> CLI) holds
/// the state file in <c>BEGIN EXCLUSIVE</c> for 40 s while an incident opens (an ensemble nobody answers for).
/// Meanwhile <c>/api/v1/status</c> answers within 1 s nine times in ten and never hangs, and evaluation goes on
/// (<c>/healthz</c> never fails for a sustained stretch, which a lock-bound evaluation would); once the lock is released
/// the page is delivered, once. The owners have a channel of their own (the fallback), so on a loaded machine the
/// monitor's own MonitorOverloaded page does not land in the pager's sink.
/// </summary>
public sealed class OutboxLockLiveTests : IDisposable
{
    private const string Cluster = "zk-gone";

    /// <summary>
    /// /healthz may rightly answer 503 for a moment: its limit is 3 intervals plus a deadline (2 s here), and a loaded
    /// machine can stall the monitor that long. A stall bound to the 40 s lock would not end: fail on this many
    /// non-2xx answers in a row spanning at least <see cref="SustainedFor"/>.
    /// </summary>
    private const int SustainedFailures = 3;

    private static readonly TimeSpan SustainedFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LockFor = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan LateIncidentGrace = TimeSpan.FromSeconds(20);
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_state_file_locked_for_40s_while_an_incident_opens_delays_the_page_but_never_the_status_api()
    {
        await using var pages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var owners = await ScriptedSink.StartAsync(_ports, _ => 200);
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        var stateFile = Path.Combine(_dir.Root, "state.db");
        await File.WriteAllTextAsync(config, $"""
            monitor:
              interval: 500ms
              deadline: 500ms
              confirmRounds: 8
            zookeeper:
              - name: {Cluster}
                servers: ["127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}", "127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}", "127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}"]
            notify:
              stateFile: state.db
              failingAfter: 5s
              channels:
                - name: pager
                  webhook: {"{"}url: "{pages.Url}page"{"}"}
                - name: owners
                  webhook: {"{"}url: "{owners.Url}owners"{"}"}
              routes:
                - severities: [page, warning]
                  channels: [pager]
              fallback: owners
            """);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        using var monitor = new MonitorProcess("run", "--config", config, "--urls", url);
        await monitor.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(stateFile), "run opens the state file at start-up");

        var release = Path.Combine(_dir.Root, "release-lock");
        using var locker = StartLocker(stateFile, release);
        await WaitUntilLockedAsync(stateFile, locker);
        Assert.Empty(pages.Requests); // the incident opens while the file is locked, not before

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var lockedAt = Stopwatch.StartNew();
        var latencies = new List<TimeSpan>();
        TimeSpan? incidentOpenAt = null;
        TimeSpan? outboxFailingAt = null;
        var unhealthy = new List<string>();
        var failingRun = 0;
        var failingSince = TimeSpan.Zero;

        // At least the whole lock; and on, still locked, until the outbox has been seen failing: on a loaded machine the
        // incident can open late in the window (the monitor distrusts itself while its timers run late), and the first
        // refused write comes one busy timeout after it.
        while (lockedAt.Elapsed < LockFor || (outboxFailingAt is null && lockedAt.Elapsed < LockFor + LateIncidentGrace))
        {
            var took = Stopwatch.StartNew();
            var status = await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");
            latencies.Add(took.Elapsed);
            if (incidentOpenAt is null && status.GetProperty("incidents").EnumerateArray().Any(i => ClusterIncidents.IsOf(i, Cluster) && i.GetProperty("state").GetString() == "open"))
            {
                incidentOpenAt = lockedAt.Elapsed;
            }

            if (outboxFailingAt is null && status.GetProperty("delivery").GetProperty("channels").EnumerateArray()
                .Any(c => c.GetProperty("name").GetString() == "outbox" && !c.GetProperty("healthy").GetBoolean()))
            {
                outboxFailingAt = lockedAt.Elapsed;
            }

            using var health = await http.GetAsync($"{url}/healthz");
            if (health.IsSuccessStatusCode)
            {
                failingRun = 0;
            }
            else
            {
                failingSince = failingRun++ == 0 ? lockedAt.Elapsed : failingSince;
                unhealthy.Add($"{(int)health.StatusCode} at {lockedAt.Elapsed}: {(await health.Content.ReadAsStringAsync()).Trim()}");
                Assert.False(failingRun >= SustainedFailures && lockedAt.Elapsed - failingSince >= SustainedFor,
                    $"/healthz failed {failingRun} times in a row from {failingSince} into the lock on: evaluation stalls behind the lock\n{string.Join("\n", unhealthy)}");
            }

            await Task.Delay(250);
        }

        // Blocked on the file, every answer would wait out SQLite's busy timeout (or the whole lock): nine in ten answer
        // within a second and none hangs, while a loaded machine may still delay the odd one.
        latencies.Sort();
        var p90 = latencies[(int)(latencies.Count * 0.9)];
        Assert.True(latencies.Count >= 20, $"only {latencies.Count} status answers in {LockFor.TotalSeconds} s");
        Assert.True(p90 < TimeSpan.FromSeconds(1), $"90th percentile of /api/v1/status during the lock: {p90}; slowest {latencies[^1]}");
        Assert.True(latencies[^1] < TimeSpan.FromSeconds(5), $"slowest /api/v1/status during the lock: {latencies[^1]}");
        Assert.True(incidentOpenAt is not null, "an incident opened during the lock");
        Assert.True(outboxFailingAt is not null, $"the status API showed the outbox failing during the lock (incident open {incidentOpenAt} into it); monitor said: {Tail(monitor.Stdout)}");
        Assert.Empty(pages.Requests);

        await File.WriteAllTextAsync(release, "");
        await locker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

        var page = await pages.WaitForAsync(r => r.Json.GetProperty("action").GetString() == "trigger" && ClusterIncidents.IsOf(r, Cluster), TimeSpan.FromSeconds(90), "the page after the lock");
        Assert.Equal("open", page.Json.GetProperty("incident").GetProperty("state").GetString());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(pages.Requests, r => r.Json.GetProperty("action").GetString() == "trigger"
            && r.Json.GetProperty("dedupKey").GetString() == page.Json.GetProperty("dedupKey").GetString());
        Assert.Contains("cannot write to the outbox (notify.stateFile)", monitor.Stdout, StringComparison.Ordinal);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    /// <summary>Another process holding the write lock, as a backup tool or an operator's sqlite3 session would,
    /// until the release file appears.</summary>
    private static Process StartLocker(string stateFile, string releaseFile)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("""(echo 'BEGIN EXCLUSIVE;'; while [ ! -f "$2" ]; do sleep 0.1; done; echo 'COMMIT;') | sqlite3 "$1" """);
        psi.ArgumentList.Add("locker");
        psi.ArgumentList.Add(stateFile);
        psi.ArgumentList.Add(releaseFile);
        return Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash | sqlite3 (Debian package sqlite3)");
    }

    /// <summary>Until a writer in yet another process is refused (SQLITE_BUSY, exit 5): the lock is really held.</summary>
    private static async Task WaitUntilLockedAsync(string stateFile, Process locker)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < until && !locker.HasExited)
        {
            var psi = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(stateFile);
            psi.ArgumentList.Add("PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;");
            using var probe = Process.Start(psi)!;
            await probe.WaitForExitAsync();
            if (probe.ExitCode != 0 && (await probe.StandardError.ReadToEndAsync()).Contains("locked", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"sqlite3 did not take the lock (locker exited: {locker.HasExited})");
    }
}
