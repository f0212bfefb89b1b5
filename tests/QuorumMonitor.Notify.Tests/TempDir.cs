namespace QuorumMonitor.Notify.Tests;

/// <summary>A scratch folder for one test's state file, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "quorum-monitor-notify-tests", Guid.NewGuid().ToString("N")[..12]);

    public string StateFile => System.IO.Path.Combine(Path, "state.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold the file for a moment; temp is reclaimed later.
        }
    }
}
