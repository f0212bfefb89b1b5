namespace QuorumMonitor.ZooKeeper.Probes.Wire;

/// <summary>The server sent something that is not valid ZooKeeper protocol, or closed the connection mid-exchange.</summary>
public sealed class ZooKeeperProtocolException : Exception
{
    public ZooKeeperProtocolException()
    {
    }

    public ZooKeeperProtocolException(string message)
        : base(message)
    {
    }

    public ZooKeeperProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
