namespace QuorumMonitor.ZooKeeper.Probes.Wire;

/// <summary>The server answered a request with a non-zero error code (e.g. -101 no node).</summary>
public sealed class ZooKeeperErrorException : Exception
{
    public ZooKeeperErrorException()
    {
    }

    public ZooKeeperErrorException(string message)
        : base(message)
    {
    }

    public ZooKeeperErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ZooKeeperErrorException(int code, string path)
        : base($"{path}: {Describe(code)} ({code})")
    {
        Code = code;
    }

    public int Code { get; }

    public static string Describe(int code) => code switch
    {
        -4 => "connection loss",
        -101 => "no node",
        -102 => "no auth",
        -112 => "session expired",
        _ => "error",
    };
}
