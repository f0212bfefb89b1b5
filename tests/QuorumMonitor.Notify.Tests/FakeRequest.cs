using System.Text.Json;

namespace QuorumMonitor.Notify.Tests;

/// <summary>One request a <see cref="FakeReceiver"/> got, at the fake time it arrived.</summary>
internal sealed record FakeRequest(int Index, string Path, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Action => Json.TryGetProperty("action", out var a) ? a.GetString()! : Json.GetProperty("event_action").GetString()!;

    public string DedupKey => Json.TryGetProperty("dedupKey", out var k) ? k.GetString()! : Json.GetProperty("dedup_key").GetString()!;
}
