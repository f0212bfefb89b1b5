using System.Diagnostics;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Runs a command-line tool (promtool, amtool) to completion and captures what it printed.</summary>
internal static class ToolRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
