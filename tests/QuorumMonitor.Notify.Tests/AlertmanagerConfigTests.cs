using System.Diagnostics;

namespace QuorumMonitor.Notify.Tests;

/// <summary>Issue 6, scope 4: the example <c>alerts/alertmanager.yml</c> passes <c>amtool check-config</c>.</summary>
public class AlertmanagerConfigTests
{
    [Fact]
    public async Task The_example_alertmanager_config_passes_amtool_check_config()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Monitor.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var psi = new ProcessStartInfo("amtool", ["check-config", Path.Combine(root, "alerts", "alertmanager.yml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var amtool = Process.Start(psi)!;
        var output = await amtool.StandardOutput.ReadToEndAsync() + await amtool.StandardError.ReadToEndAsync();
        await amtool.WaitForExitAsync();

        Assert.True(amtool.ExitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        Assert.Contains("1 inhibit rules", output, StringComparison.Ordinal);
    }
}
