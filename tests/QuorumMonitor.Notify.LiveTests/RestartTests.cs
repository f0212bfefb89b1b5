using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Issue 6, must-show 4 at the component level: the delivery process is SIGKILLed mid-incident and started again on
/// the same state file. It does not page again for what it already delivered, re-sends (with the same dedup key)
/// what it had not finished sending, and still sends the resolve later — or, if the incident is never reported
/// again, resolves it itself once the resume grace has passed.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly FreePorts _ports = new();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> WriteConfigAsync(ScriptedSink sink, string resumeGrace = "1h")
    {
        var path = Path.Combine(_dir.Path, "monitor.yaml");
        await File.WriteAllTextAsync(path, DeliveryHarness.ConfigText($"""
              stateFile: state.db
              resumeGrace: {resumeGrace}
              retry: {"{"}initialBackoff: 100ms, maxBackoff: 500ms{"}"}
              channels:
                - name: hook
                  webhook: {"{"}url: "{sink.Url}hook"{"}"}
            """));
        return path;
    }

    private static string ActionOf(RecordedRequest r) => $"{r.Json.GetProperty("action").GetString()} {r.Json.GetProperty("dedupKey").GetString()}";

    [Fact]
    public async Task Killed_after_the_page_went_out_the_restarted_monitor_does_not_page_again_and_still_resolves()
    {
        await using var sink = await ScriptedSink.StartAsync(_ports);
        var config = await WriteConfigAsync(sink);

        using (var first = await DeliveryProcess.StartAsync(config))
        {
            await first.SendAsync(Incidents.Opened(Incidents.QuorumLost("inc-before")));
            await sink.WaitForAsync(_ => true, TimeSpan.FromSeconds(10), "trigger");
            await first.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(10));
            first.KillHard();
        }

        using var second = await DeliveryProcess.StartAsync(config);
        // The restarted incident tracker sees the same failure and reports it again, here even under another id.
        await second.SendAsync(Incidents.Opened(Incidents.QuorumLost("inc-after-restart")));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(["trigger inc-before"], sink.Requests.Select(ActionOf));

        await second.SendAsync(Incidents.Resolved("inc-after-restart"));
        await sink.WaitForAsync(r => r.Index == 1, TimeSpan.FromSeconds(10), "resolve");
        await Task.Delay(TimeSpan.FromSeconds(0.5));

        // The resolve carries the key the receiver knows the incident by.
        Assert.Equal(["trigger inc-before", "resolve inc-before"], sink.Requests.Select(ActionOf));
    }

    [Fact]
    public async Task Killed_mid_send_the_restarted_monitor_sends_it_again_with_the_same_dedup_key()
    {
        await using var sink = await ScriptedSink.StartAsync(_ports);
        var config = await WriteConfigAsync(sink);
        sink.Hold();

        using (var first = await DeliveryProcess.StartAsync(config))
        {
            await first.SendAsync(Incidents.Opened(Incidents.QuorumLost("inc-mid")));
            await sink.WaitForAsync(_ => true, TimeSpan.FromSeconds(10), "trigger in flight");
            first.KillHard();
        }

        sink.Release();
        using var second = await DeliveryProcess.StartAsync(config);
        await sink.WaitForAsync(r => r.Index == 1, TimeSpan.FromSeconds(10), "trigger sent again");
        await second.SendAsync(Incidents.Opened(Incidents.QuorumLost("inc-mid")));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await second.SendAsync(Incidents.Resolved("inc-mid"));
        await sink.WaitForAsync(r => r.Index == 2, TimeSpan.FromSeconds(10), "resolve");
        await Task.Delay(TimeSpan.FromSeconds(0.5));

        // At-least-once: the unacknowledged trigger goes out again, under the same key, so the receiver folds it.
        Assert.Equal(["trigger inc-mid", "trigger inc-mid", "resolve inc-mid"], sink.Requests.Select(ActionOf));
    }

    [Fact]
    public async Task An_incident_that_cleared_while_the_monitor_was_down_is_resolved_after_the_resume_grace()
    {
        await using var sink = await ScriptedSink.StartAsync(_ports);
        // The grace runs from the delivery service's start, not from the test's first report: long enough that a
        // loaded machine cannot use it up before inc-still is reported again (a wrong resolve of inc-still), short
        // enough to wait for.
        var config = await WriteConfigAsync(sink, resumeGrace: "10s");

        using (var first = await DeliveryProcess.StartAsync(config))
        {
            await first.SendAsync(Incidents.Opened(Incidents.QuorumLost("inc-gone")));
            await first.SendAsync(Incidents.Opened(Incidents.QuorumLost("inc-still", cluster: "zk-other")));
            await sink.WaitForAsync(r => r.Index == 1, TimeSpan.FromSeconds(10), "triggers");
            await first.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(10));
            first.KillHard();
        }

        using var second = await DeliveryProcess.StartAsync(config);
        await second.SendAsync(Incidents.Opened(Incidents.QuorumLost("inc-still", cluster: "zk-other")));
        var resolve = await sink.WaitForAsync(r => r.Index == 2, TimeSpan.FromSeconds(30), "resolve of the leftover");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal("resolve inc-gone", ActionOf(resolve));
        Assert.Equal(3, sink.Requests.Count);
        Assert.Contains("not seen again", resolve.Body, StringComparison.Ordinal);
    }
}
