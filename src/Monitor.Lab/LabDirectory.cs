namespace Monitor.Lab;

/// <summary>A scratch folder for one lab: data dirs, configs, logs and pid files, removed with the lab.</summary>
public sealed class LabDirectory : IDisposable
{
    public LabDirectory(string? root = null)
    {
        var parent = root ?? Path.Combine(Path.GetTempPath(), "quorum-monitor-lab");
        Root = Path.Combine(parent, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(PidDir);
    }

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
}
