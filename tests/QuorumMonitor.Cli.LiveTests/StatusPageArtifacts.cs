namespace QuorumMonitor.Cli.Tests;

/// <summary>Where browser tests keep their screenshots after the run (gitignored), so a person can look at what the test saw.</summary>
internal static class StatusPageArtifacts
{
    public static string Dir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Monitor.sln")))
        {
            dir = dir.Parent;
        }

        var artifacts = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(artifacts);
        return artifacts;
    }
}
