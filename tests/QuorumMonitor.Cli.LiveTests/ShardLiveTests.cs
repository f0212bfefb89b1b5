using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 16, must-show 4: three real <c>monitor run</c> processes, <c>monitor.shard</c> 0, 1 and 2 of 3, on one file of
/// 30 ZooKeeper clusters (each pointing at a closed 127.0.0.1 port: down, which is fine, this is about ownership). Their
/// <c>/api/v1/status</c> shards are disjoint and cover all 30, each runs and exports only its own; fresh processes
/// (a restart, and <c>monitor config check</c>) give the same split; <c>monitor status</c> with the three URLs shows
/// all 30, and with one monitor stopped names it and exits 3. <c>for: 1h</c> keeps every alert pending, so no page
/// decides the exit code and the merged verdict is the shards' own.
/// </summary>
public sealed class ShardLiveTests : IDisposable
{
    private const int Clusters = 30;

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    private static string Name(int i) => $"c{i:00}";

    private string WriteConfig(int index, IReadOnlyList<int> closedPorts)
    {
        var clusters = string.Concat(Enumerable.Range(0, Clusters).Select(i =>
            $"  - name: {Name(i)}\n    servers: [\"127.0.0.1:{closedPorts[i].ToString(CultureInfo.InvariantCulture)}\"]\n"));
        var file = Path.Combine(_dir.Root, $"shard-{index.ToString(CultureInfo.InvariantCulture)}.yaml");
        File.WriteAllText(file, $"monitor:\n  interval: 1s\n  deadline: 500ms\n  for: 1h\n  shard: {{index: {index.ToString(CultureInfo.InvariantCulture)}, count: 3}}\nzookeeper:\n{clusters}");
        return file;
    }

    [Fact]
    public async Task Three_shards_split_thirty_clusters_the_same_way_after_a_restart_and_monitor_status_merges_all_thirty()
    {
        var closed = Enumerable.Range(0, Clusters).Select(_ => _ports.Next()).ToList();
        var files = Enumerable.Range(0, 3).Select(i => WriteConfig(i, closed)).ToList();
        var urls = Enumerable.Range(0, 3).Select(_ => $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}").ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        var monitors = Start(files, urls);
        try
        {
            var first = await OwnedAsync(http, urls, monitors);
            var all = Enumerable.Range(0, Clusters).Select(Name).ToHashSet();
            Assert.Equal(Clusters, first.Sum(o => o.Count));
            Assert.Equal(all, first.SelectMany(o => o).ToHashSet());

            for (var i = 0; i < 3; i++)
            {
                // What the shard runs, evaluates and exports is what it owns, and nothing else.
                var status = await WaitForAsync(http, urls[i], s => ClusterNames(s).Count == first[i].Count, "every owned cluster evaluated", monitors[i]);
                Assert.Equal(first[i], ClusterNames(status));
                Assert.Equal(first[i], status.GetProperty("config").GetProperty("clusters").EnumerateArray()
                    .Where(c => c.GetProperty("kind").GetString() != "monitor").Select(c => c.GetProperty("name").GetString()!).ToHashSet());
                Assert.Equal(Clusters - first[i].Count, status.GetProperty("shard").GetProperty("notOwned").GetInt32());
                var metrics = await http.GetStringAsync($"{urls[i]}/metrics");
                Assert.All(all, n => Assert.Equal(first[i].Contains(n), metrics.Contains($"cluster=\"{n}\"", StringComparison.Ordinal)));
            }

            var merged = await StatusAsync([.. urls]);
            Assert.True(merged.ExitCode is 0 or 1, merged.Stdout + merged.Stderr);
            Assert.All(all, n => Assert.Contains($"zookeeper/{n} ", merged.Stdout, StringComparison.Ordinal));
            Assert.DoesNotContain("UNKN", merged.Stdout, StringComparison.Ordinal);

            // A restart: fresh processes on the same files own the same clusters.
            Stop(monitors);
            monitors = Start(files, urls);
            var second = await OwnedAsync(http, urls, monitors);
            Assert.Equal(first, second);

            // monitor config check, a process of its own, names the same split.
            for (var i = 0; i < 3; i++)
            {
                using var check = new MonitorProcess("config", "check", files[i]);
                Assert.Equal(0, await check.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains($"shard {i} of 3 (monitor.shard): owns {first[i].Count} of 30 configured cluster(s): {string.Join(", ", first[i].Order(StringComparer.Ordinal))};", check.Stdout, StringComparison.Ordinal);
            }

            // One shard down: named, its clusters missing, exit 3 (unknown) since nothing pages.
            monitors[1].Terminate();
            await monitors[1].WaitForExitAsync(TimeSpan.FromSeconds(30));
            var partial = await StatusAsync([.. urls]);
            Assert.Equal(3, partial.ExitCode);
            Assert.Contains($"UNKN  monitor {urls[1]} did not answer", partial.Stdout, StringComparison.Ordinal);
            Assert.Contains("UNKN  no answer for shard(s) 1 of 3", partial.Stdout, StringComparison.Ordinal);
            Assert.All(first[0].Concat(first[2]), n => Assert.Contains($"zookeeper/{n} ", partial.Stdout, StringComparison.Ordinal));
            Assert.All(first[1], n => Assert.DoesNotContain($"zookeeper/{n} ", partial.Stdout, StringComparison.Ordinal));
        }
        finally
        {
            Stop(monitors);
        }
    }

    private static List<MonitorProcess> Start(List<string> files, List<string> urls) =>
        [.. files.Select((f, i) => new MonitorProcess("run", "--config", f, "--urls", urls[i]))];

    private static void Stop(List<MonitorProcess> monitors)
    {
        foreach (var m in monitors)
        {
            m.Dispose();
        }
    }

    /// <summary>Each shard's <c>shard.owned</c>, once it serves; checks index and count on the way.</summary>
    private static async Task<List<HashSet<string>>> OwnedAsync(HttpClient http, List<string> urls, List<MonitorProcess> monitors)
    {
        var owned = new List<HashSet<string>>();
        for (var i = 0; i < urls.Count; i++)
        {
            await monitors[i].WaitForOutputAsync("serving on", TimeSpan.FromSeconds(60));
            var status = await WaitForAsync(http, urls[i], s => s.TryGetProperty("shard", out _), "the shard in the status", monitors[i]);
            var shard = status.GetProperty("shard");
            Assert.Equal(i, shard.GetProperty("index").GetInt32());
            Assert.Equal(3, shard.GetProperty("count").GetInt32());
            owned.Add(shard.GetProperty("owned").EnumerateArray().Select(n => n.GetString()!).ToHashSet());
        }

        // Disjoint: no cluster is owned twice.
        Assert.Equal(owned.Sum(o => o.Count), owned.SelectMany(o => o).Distinct().Count());
        return owned;
    }

    private static HashSet<string> ClusterNames(JsonElement status) =>
        status.GetProperty("clusters").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == "zookeeper")
            .Select(c => c.GetProperty("name").GetString()!)
            .ToHashSet();

    private static async Task<(int ExitCode, string Stdout, string Stderr)> StatusAsync(string[] urls)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["status", .. urls.SelectMany(u => new[] { "--url", u }), "--color", "never"], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string url, Func<JsonElement, bool> condition, string what, MonitorProcess monitor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        JsonElement? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                var status = await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");
                last = status;
                if (condition(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: not within 90s. last status:\n{last}\nstdout:\n{monitor.Stdout}\nstderr:\n{monitor.Stderr}");
    }
}
