using System.Globalization;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab;

/// <summary>A scratch folder for one lab: data dirs, configs, logs and pid files, removed with the lab.</summary>
public sealed class LabDirectory : IDisposable
{
    public LabDirectory(string? root = null)
    {
        var parent = root ?? DefaultRoot;
        Root = Path.Combine(parent, $"{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(PidDir);
    }

    /// <summary>Where labs live: <c>$QUORUM_MONITOR_LAB_ROOT</c> (one per test run, so concurrent runs never clean up each other), else a temp folder.</summary>
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("QUORUM_MONITOR_LAB_ROOT") is { Length: > 0 } root
            ? root
            : Path.Combine(Path.GetTempPath(), "quorum-monitor-lab");

    public string Root { get; }

    public string PidDir => Path.Combine(Root, "pids");

    public string Sub(string name)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        KillLeftovers();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying server; the temp dir is reclaimed later.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>
    /// The safety net under every owner's own cleanup: kills any process still listed in this lab's pid files whose
    /// command line names this lab's folder (so a reused pid is never hit), then any other process whose command line
    /// names it: the helpers a server forks and nobody registered (Galera's <c>wsrep_sst_rsync</c> and its
    /// <c>rsync --daemon</c>), which would otherwise outlive a join that failed half-way.
    /// </summary>
    public void KillLeftovers()
    {
        if (Directory.Exists(PidDir))
        {
            KillListed();
        }

        KillUnlisted();
    }

    private void KillUnlisted()
    {
        var self = Environment.ProcessId;
        var folder = Root + "/";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(folder, StringComparison.Ordinal))
                {
                    Signals.Send(pid, Signals.Cont);
                    Signals.Send(pid, Signals.Kill);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
    }

    private void KillListed()
    {
        foreach (var file in Directory.EnumerateFiles(PidDir, "*.pid"))
        {
            try
            {
                if (int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && File.ReadAllText($"/proc/{pid}/cmdline").Contains(Root, StringComparison.Ordinal))
                {
                    Signals.Send(pid, Signals.Cont);
                    Signals.Send(pid, Signals.Kill);
                }

                File.Delete(file);
            }
            catch (IOException)
            {
                // The process is already gone (no /proc entry): nothing to kill.
            }
        }
    }
}
