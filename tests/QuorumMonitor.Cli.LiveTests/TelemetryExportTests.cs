using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Traces of probe rounds and evaluations leave the monitor over OTLP when (and only when) configured.</summary>
public sealed class TelemetryExportTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task Probe_and_evaluation_spans_reach_an_otlp_http_endpoint()
    {
        var received = new ConcurrentQueue<(string Path, string ContentType, byte[] Body)>();
        var collectorUrl = $"http://127.0.0.1:{_ports.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(collectorUrl);
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((request.Path, request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        // Also an Alertmanager, so the Watchdog is delivered at start and its notification is traced.
        collector.MapPost("/api/v2/alerts", () => Results.Ok());
        await collector.StartAsync();
        var state = Path.Combine(_dir.Root, "otel-state.db");

        await using (var live = await LiveMonitor.StartAsync(_dir, _ports, "otel", members: 1, interval: "300ms",
            extraYaml: $"telemetry:\n  otlpEndpoint: {collectorUrl}\n  serviceName: qm-test\n"
                + $"notify:\n  stateFile: {state}\n  channels:\n    - name: am\n      alertmanager: {{urls: [\"{collectorUrl}\"]}}\n"))
        {
            for (var i = 0; i < 100 && !(received.Any(r => r.Path == "/v1/traces" && Contains(r.Body, "evaluate"))
                && received.Any(r => r.Path == "/v1/traces" && Contains(r.Body, "QuorumMonitor.Notify"))); i++)
            {
                await Task.Delay(100);
            }
        }

        var traces = received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, t => Assert.Equal("application/x-protobuf", t.ContentType));

        // Protobuf carries strings as plain UTF-8: span names, sources, attributes and the service name are visible.
        var all = traces.SelectMany(t => t.Body).ToArray();
        Assert.True(Contains(all, "QuorumMonitor.Probes"), "no span from the probes source");
        Assert.True(Contains(all, "QuorumMonitor.Rules"), "no span from the rules source");
        Assert.True(Contains(all, "QuorumMonitor.Notify"), "no span from the notification source");
        Assert.True(Contains(all, "zk-realtime"), "spans do not carry the cluster name");
        Assert.True(Contains(all, "serving"), "probe spans do not carry the outcome");
        Assert.True(Contains(all, "qm-test"), "the configured service name is missing");
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    public void Dispose() => _dir.Dispose();
}
