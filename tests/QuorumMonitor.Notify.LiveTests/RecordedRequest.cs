using System.Text.Json;

namespace QuorumMonitor.Notify.Tests;

/// <summary>One request a <see cref="ScriptedSink"/> received, with the status it answered.</summary>
internal sealed record RecordedRequest(int Index, string Path, string Body, DateTimeOffset At, int Status)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"#{Index} {Path} -> {Status}: {(Body.Length > 160 ? Body[..160] + "..." : Body)}";
}
