using System.Diagnostics;
using System.Globalization;

namespace QuorumMonitor.Lab.Processes;

/// <summary>
/// One server process of the lab, owned by pid. Its output goes to a log file; its pid to a pid file, so that even a
/// lab whose owner died can be cleaned up (<c>scripts/lab-cleanup.sh</c>).
/// </summary>
public sealed class LabProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _pidFile;
    private bool _disposed;

    private LabProcess(Process process, string name, string logFile, string pidFile)
    {
        _process = process;
        Name = name;
        LogFile = logFile;
        _pidFile = pidFile;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string LogFile { get; }

    public bool HasExited => _disposed || _process.HasExited;

    public bool Frozen { get; private set; }

    /// <param name="pidDir">Folder for the pid file; the lab's cleanup script kills every pid listed there.</param>
    public static LabProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, string logFile, string pidDir)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = false,
        };

        // exec: the shell becomes the server, so the pid we hold is the server's own.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$LAB_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add(fileName);
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LAB_LOG"] = logFile;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        Directory.CreateDirectory(pidDir);
        var pidFile = Path.Combine(pidDir, $"{name}.pid");
        File.WriteAllText(pidFile, process.Id.ToString(CultureInfo.InvariantCulture));
        return new LabProcess(process, name, logFile, pidFile);
    }

    public void Freeze()
    {
        Signals.Send(Pid, Signals.Stop);
        Frozen = true;
    }

    public void Resume()
    {
        Signals.Send(Pid, Signals.Cont);
        Frozen = false;
    }

    /// <summary>SIGKILL, as an operator's <c>kill -9</c> or a crash.</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            Signals.Send(Pid, Signals.Kill);
            _process.WaitForExit(5000);
        }

        Forget();
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within the grace period.</summary>
    public void Stop(TimeSpan grace)
    {
        if (!HasExited)
        {
            if (Frozen)
            {
                Resume();
            }

            Signals.Send(Pid, Signals.Term);
            if (!_process.WaitForExit(grace))
            {
                Signals.Send(Pid, Signals.Kill);
                _process.WaitForExit(5000);
            }
        }

        Forget();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Kill();
        _disposed = true;
        _process.Dispose();
    }

    private void Forget()
    {
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // The pid file only helps a later cleanup; losing it is harmless once the process is gone.
        }
    }
}
