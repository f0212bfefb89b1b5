namespace QuorumMonitor.Galera.Tests;

/// <summary>Files of this repository (docs, dashboards), found from the test binary upwards.</summary>
internal static class RepoFiles
{
    public static string PathOf(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Monitor.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new DirectoryNotFoundException("Monitor.sln not found above the test binary"), .. parts]);
    }
}
