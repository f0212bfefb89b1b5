namespace QuorumMonitor.Kafka.Probes.Network;

/// <summary>A NIC counter source answered, but not with what the probe needs.</summary>
public sealed class NicSourceException : Exception
{
    public NicSourceException()
    {
    }

    public NicSourceException(string message)
        : base(message)
    {
    }

    public NicSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
