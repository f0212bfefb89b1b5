using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Notify.Tests;

/// <summary>What re-notifies an open incident: a new severity or root cause; not symptoms coming and going.</summary>
public sealed class UpdateTests : IDisposable
{
    private readonly FreePorts _ports = new();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Severity_change_re_notifies_with_the_same_key_and_symptom_changes_do_not()
    {
        await using var sink = await ScriptedSink.StartAsync(_ports);
        await using var h = await DeliveryHarness.StartAsync($"""
              stateFile: state.db
              channels:
                - name: hook
                  webhook: {"{"}url: "{sink.Url}hook"{"}"}
            """, _dir.Path);
        var warning = Incidents.QuorumLost("inc-u", severity: Severity.Warning);
        var page = Incidents.QuorumLost("inc-u", severity: Severity.Page);
        var fewerSymptoms = new IncidentReport
        {
            Id = page.Id, Severity = page.Severity, State = page.State, Summary = page.Summary, RootCause = page.RootCause, StartedAt = page.StartedAt,
        };

        h.Delivery.OnIncidentChanged(Incidents.Opened(warning));
        h.Delivery.OnIncidentChanged(new IncidentChange(IncidentChangeKind.Updated, page, Incidents.T0));
        h.Delivery.OnIncidentChanged(new IncidentChange(IncidentChangeKind.Updated, fewerSymptoms, Incidents.T0));
        h.Delivery.OnIncidentChanged(Incidents.Resolved("inc-u"));
        await sink.WaitForCountAsync(3, TimeSpan.FromSeconds(10), "three notifications");
        await Task.Delay(300);

        Assert.Equal(["trigger warning", "trigger page", "resolve page"],
            sink.Requests.Select(r => $"{r.Json.GetProperty("action").GetString()} {r.Json.GetProperty("severity").GetString()}"));
        Assert.All(sink.Requests, r => Assert.Equal("inc-u", r.Json.GetProperty("dedupKey").GetString()));
    }
}
