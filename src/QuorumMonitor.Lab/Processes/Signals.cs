using System.Runtime.InteropServices;

namespace QuorumMonitor.Lab.Processes;

/// <summary>POSIX signals by pid: the lab freezes (SIGSTOP) and kills (SIGKILL) real servers.</summary>
internal static partial class Signals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Cont = 18;
    public const int Stop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    public static bool Send(int pid, int signal) => SendSignal(pid, signal) == 0;
}
