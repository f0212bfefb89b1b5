namespace QuorumMonitor.Core.Config;

/// <summary>The <c>telemetry:</c> section: OpenTelemetry export, off unless an OTLP endpoint is given.</summary>
public sealed record TelemetrySettings
{
    /// <summary>OTLP collector endpoint, e.g. http://127.0.0.1:4318 (http/protobuf) or http://127.0.0.1:4317 (grpc).</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary><c>http</c> (http/protobuf) or <c>grpc</c>.</summary>
    public string Protocol { get; init; } = "http";

    public string ServiceName { get; init; } = "quorum-monitor";
}
