namespace QuorumMonitor.Kafka.Model;

/// <summary>A broker as metadata advertises it: clients connect to exactly this host and port.</summary>
public sealed record KafkaBroker(int Id, string Host, int Port)
{
    public string Address => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
