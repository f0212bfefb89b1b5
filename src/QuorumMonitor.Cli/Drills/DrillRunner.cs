using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using QuorumMonitor.Host;
using QuorumMonitor.Lab.Alertmanager;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Runs one drill end to end: a scratch lab (Alertmanager, the drill's receiver, the drill's servers), the monitor
/// in-process on a generated config paging through <see cref="DrillChannels"/>, a clean baseline, the fault, every
/// channel watched until each expected page came (or <see cref="PageTimeout"/>), a settle for extra pages, the
/// restore, and the verdict. Every server is stopped by pid when it ends, whether it passed, failed or was cancelled.
/// </summary>
public sealed class DrillRunner(TimeProvider time, TextWriter progress)
{
    /// <summary>The probe interval of the drill's monitor.</summary>
    public const string Interval = "1s";

    private static readonly TimeSpan BaselineTimeout = TimeSpan.FromSeconds(90);

    /// <summary>How long a clean status must hold before the fault: past the start-up hold (2 rounds + deadline) and a round more.</summary>
    private static readonly TimeSpan BaselineQuiet = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(40);

    public async Task<DrillResult> RunAsync(IDrill drill, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var failures = new List<string>();
        DateTimeOffset? injectedAt = null;
        DateTimeOffset? watchingSince = null;
        string? fault = null;
        IReadOnlyList<ReceivedPage> pages = [];
        var lab = new DrillLab(time, progress);
        await using (lab.ConfigureAwait(false))
        {
            DrillReceiver? receiver = null;
            AlertmanagerWatcher? watcher = null;
            try
            {
                await Say($"{drill.Name}: starting Alertmanager and the drill's receiver in {lab.Directory.Root}").ConfigureAwait(false);
                var alertmanager = lab.Own(AlertmanagerServer.Start(DrillChannels.AlertmanagerConfig, lab.Ports, lab.Directory));
                var pagerStatus = drill.Expectation.PagerStatus;
                receiver = lab.Own(new DrillReceiver(lab.Ports.Next(), time, channel => channel == DrillChannels.Pager ? pagerStatus : 200));
                await alertmanager.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                var scenario = await drill.SetUpAsync(lab, cancellationToken).ConfigureAwait(false);

                var yaml = $"monitor:\n  interval: {Interval}\n  deadline: 800ms\ncorrelation:\n  resolveHold: 10s\n"
                    + DrillChannels.NotifyYaml(alertmanager.Url, receiver, Path.Combine(lab.Directory.Root, "drill-state.db"))
                    + scenario.ClusterYaml;
                var configPath = Path.Combine(lab.Directory.Root, "monitor.yaml");
                await File.WriteAllTextAsync(configPath, yaml, cancellationToken).ConfigureAwait(false);
                var url = $"http://127.0.0.1:{lab.Ports.Next().ToString(CultureInfo.InvariantCulture)}";
                var monitor = lab.Own(new DrillMonitor(MonitorKinds.Config.LoadFile(configPath), url));
                watchingSince = time.GetUtcNow();
                await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
                watcher = lab.Own(new AlertmanagerWatcher(alertmanager.Url, DrillChannels.Alertmanager, time));
                await Say($"{drill.Name}: monitor on {url} (config {configPath}); waiting for a clean baseline").ConfigureAwait(false);

                await WaitForBaselineAsync(url, scenario.Clusters, cancellationToken).ConfigureAwait(false);
                injectedAt = time.GetUtcNow();
                fault = await scenario.InjectAsync(cancellationToken).ConfigureAwait(false);
                await Say($"{drill.Name}: fault injected: {fault}").ConfigureAwait(false);
                try
                {
                    await WatchAsync(drill.Expectation, injectedAt.Value, receiver, watcher, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    pages = AllPages(receiver, watcher);
                    await Say($"{drill.Name}: restoring").ConfigureAwait(false);
                    await scenario.RestoreAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is TimeoutException or HttpRequestException or InvalidOperationException or IOException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failures.Add($"{drill.Name} did not complete: {ex.Message}");
                if (receiver is not null && pages.Count == 0)
                {
                    pages = AllPages(receiver, watcher);
                }
            }
        }

        return Verdict(drill, started, watchingSince, injectedAt, fault, pages, failures);
    }

    private Task Say(string line) => progress.WriteLineAsync("drill: " + line);

    private static List<ReceivedPage> AllPages(DrillReceiver receiver, AlertmanagerWatcher? watcher) =>
        [.. receiver.Pages(), .. watcher?.Pages() ?? []];

    private DrillResult Verdict(
        IDrill drill, DateTimeOffset started, DateTimeOffset? watchingSince, DateTimeOffset? injectedAt, string? fault, IReadOnlyList<ReceivedPage> pages, List<string> failures)
    {
        var expected = drill.Expectation.Channels;
        // From the monitor's first round on: the lab is settled before the monitor starts, so whatever pages before
        // the fault (start-up included) is a page the healthy clusters did not deserve.
        var falsePages = pages.Where(p => p.At >= (watchingSince ?? DateTimeOffset.MaxValue) && p.At < (injectedAt ?? DateTimeOffset.MaxValue)
                && Counts(p, expected.FirstOrDefault(e => e.Channel == p.Channel)))
            .GroupBy(p => (p.Channel, p.Incident)).Select(g => g.MinBy(p => p.At)!).ToList();
        if (falsePages.Count > 0)
        {
            failures.Add($"{falsePages.Count} page(s) before the fault: " + string.Join(", ", falsePages.Select(p => $"{p.RootCause} on {p.Channel}")));
        }

        var channels = new List<ChannelResult>();
        foreach (var channel in DrillChannels.All)
        {
            var expect = expected.FirstOrDefault(e => e.Channel == channel) ?? new ChannelExpectation(channel, null, 0);
            var after = injectedAt is { } from ? pages.Where(p => p.Channel == channel && p.At >= from).ToList() : [];
            var accepted = after.Where(p => Counts(p, expect)).GroupBy(p => p.Incident).Select(g => g.MinBy(p => p.At)!).OrderBy(p => p.At).ToList();
            var first = accepted.FirstOrDefault();
            var refused = after.Count(p => !p.Accepted);
            var ok = injectedAt is not null && accepted.Count == expect.Pages && (expect.RootCause is null || expect.Pages == 0 || first?.RootCause == expect.RootCause)
                && (!expect.Refuses || refused > 0);
            if (!ok && injectedAt is not null)
            {
                failures.Add($"{channel}: {accepted.Count} page(s){(first is null ? "" : $", first named {first.RootCause}")}, {refused} refused; expected {expect.Pages}"
                    + (expect.RootCause is null || expect.Pages == 0 ? "" : " named " + expect.RootCause) + (expect.Refuses ? ", refused at least once" : ""));
            }

            channels.Add(new ChannelResult(channel, first?.At, first is null ? null : Math.Round((first.At - injectedAt!.Value).TotalSeconds, 3),
                accepted.Count, first?.RootCause, refused, expect.Pages, expect.RootCause, ok));
        }

        return new DrillResult(drill.Name, failures.Count == 0, injectedAt, fault, falsePages.Count, channels, failures,
            Math.Round((time.GetUtcNow() - started).TotalSeconds, 1));
    }

    /// <summary>
    /// A page a channel accepted. The monitor's own incidents are not the drill's (a loaded machine rightly raises
    /// <c>MonitorOverloaded</c> to the owners) unless the drill expects one by name there.
    /// </summary>
    private static bool Counts(ReceivedPage page, ChannelExpectation? expect) =>
        page.Accepted && page.Action == "trigger" && (!page.AboutMonitor || page.RootCause == expect?.RootCause);

    private async Task WatchAsync(DrillExpectation expectation, DateTimeOffset injectedAt, DrillReceiver receiver, AlertmanagerWatcher watcher, CancellationToken cancellationToken)
    {
        var deadline = injectedAt + PageTimeout;
        while (time.GetUtcNow() < deadline)
        {
            var pages = AllPages(receiver, watcher);
            if (expectation.Channels.All(e => pages.Where(p => p.Channel == e.Channel && p.At >= injectedAt && Counts(p, e)).Select(p => p.Incident).Distinct().Count() >= e.Pages))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(TimeSpan.FromSeconds(expectation.SettleSeconds), time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every drill cluster ok, no alert pending or firing on it and no incident open, for <see cref="BaselineQuiet"/>.</summary>
    private async Task WaitForBaselineAsync(string url, IReadOnlyList<string> clusters, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5), MaxResponseContentBufferSize = 8 << 20 };
        var until = time.GetUtcNow() + BaselineTimeout;
        DateTimeOffset? quietSince = null;
        var last = "no status yet";
        while (time.GetUtcNow() < until)
        {
            try
            {
                var why = NotClean(await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status", cancellationToken).ConfigureAwait(false), clusters);
                if (why is null)
                {
                    quietSince ??= time.GetUtcNow();
                    if (time.GetUtcNow() - quietSince >= BaselineQuiet)
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
            catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                quietSince = null;
                last = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"no clean baseline within {BaselineTimeout.TotalSeconds:0} s: {last}");
    }

    private static string? NotClean(JsonElement status, IReadOnlyList<string> clusters)
    {
        var states = status.GetProperty("clusters").EnumerateArray()
            .ToDictionary(c => $"{c.GetProperty("kind").GetString()}/{c.GetProperty("name").GetString()}", c => c.GetProperty("state").GetString());
        foreach (var c in clusters)
        {
            if (!states.TryGetValue(c, out var state) || state != "ok")
            {
                return $"{c} is {state ?? "not evaluated yet"}";
            }
        }

        var active = status.GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() != "monitor" && a.GetProperty("state").GetString() is "firing" or "pending")
            .Select(a => a.GetProperty("name").GetString()).ToList();
        if (active.Count > 0)
        {
            return "alerts active: " + string.Join(", ", active);
        }

        var open = status.TryGetProperty("incidents", out var incidents)
            ? incidents.EnumerateArray().Count(i => i.GetProperty("state").GetString() != "resolved" && i.GetProperty("rootCause").GetProperty("kind").GetString() != "monitor")
            : 0;
        return open > 0 ? $"{open} incident(s) open" : null;
    }

    /// <summary>The monitor as <c>monitor run</c> serves it, in this process; its log goes to stderr, errors only (alert transitions are the report's business).</summary>
    private sealed class DrillMonitor(QuorumMonitor.Core.Config.MonitorConfig config, string url) : IAsyncDisposable
    {
        private readonly WebApplication _app = MonitorWebApp.Build(config, [url], services => services.AddLogging(b =>
        {
            b.ClearProviders();
            b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
            b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }));

        public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _app.StopAsync(stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await _app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
