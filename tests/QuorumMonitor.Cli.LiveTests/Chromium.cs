using System.Diagnostics;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Debian's headless Chromium, as the machine's test notes prescribe: no sandbox, no background networking.</summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<string> RunAsync(string url, params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("qm-chromium-");
        try
        {
            var psi = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                "--virtual-time-budget=8000",
            }.Concat(extra).Append(url))
            {
                psi.ArgumentList.Add(a);
            }

            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish: {await stderr}");
            }

            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
