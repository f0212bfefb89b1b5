namespace QuorumMonitor.Cli;

/// <summary>Nagios plugin exit codes: part of the CLI contract that scripts rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Warning = 1;
    public const int Critical = 2;
    public const int Unknown = 3;
}
