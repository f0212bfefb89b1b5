namespace QuorumMonitor.Kafka.Probes.Client;

/// <summary>The brokers did not answer an admin API (too old, or librdkafka's mock cluster); the probe falls back.</summary>
public sealed class KafkaApiUnsupportedException : Exception
{
    public KafkaApiUnsupportedException(string api, string reason, Exception? inner = null)
        : base($"{api} not answered by the brokers ({reason})", inner)
    {
        Api = api;
        Reason = reason;
    }

    public KafkaApiUnsupportedException()
        : this("unknown", "unknown")
    {
    }

    public KafkaApiUnsupportedException(string message)
        : this("unknown", message)
    {
    }

    public KafkaApiUnsupportedException(string message, Exception innerException)
        : this("unknown", message, innerException)
    {
    }

    public string Api { get; }

    public string Reason { get; }
}
