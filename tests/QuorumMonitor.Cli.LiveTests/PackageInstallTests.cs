using System.Diagnostics;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 18, must-show 1: from a clone of the committed tree, <c>scripts/package.sh</c> builds the Debian package;
/// <c>dpkg -i</c> installs the binary, unit, config and assets; the installed binary checks a lab ensemble with no
/// <c>dotnet</c> on <c>PATH</c>; <c>dpkg -r</c> removes it (and <c>dpkg -P</c> the conffile). One test: the
/// self-contained publish takes minutes on 2 cores, so the package is built once.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PackageInstallTests : IDisposable
{
    private const string Package = "quorum-monitor";
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task The_package_builds_from_a_clone_installs_checks_a_lab_ensemble_without_dotnet_and_removes_cleanly()
    {
        Assert.True(await IsInstalledAsync() == false, $"{Package} is already installed on this machine; this test installs and removes it");
        var clone = Path.Combine(_dir.Root, "clone");
        var rev = await RunAsync("git", RepoFiles.Root, null, "rev-parse", "HEAD");
        string head;
        if (rev.ExitCode == 0)
        {
            head = rev.Output.Trim();
            await RunOkAsync("git", _dir.Root, null, "clone", "--quiet", "--no-hardlinks", RepoFiles.Root, clone);
            await RunOkAsync("git", clone, null, "checkout", "--quiet", head);
        }
        else
        {
            // A tree without its .git (a CI checkout copied as files): a repository of its own files stands in for the clone.
            CopySources(RepoFiles.Root, clone);
            await RunOkAsync("git", clone, null, "init", "--quiet");
            await RunOkAsync("git", clone, null, "add", "-A");
            await RunOkAsync("git", clone, null, "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "tree");
            head = (await RunOkAsync("git", clone, null, "rev-parse", "HEAD")).Output.Trim();
        }

        var dist = Path.Combine(_dir.Root, "dist");
        await RunOkAsync("bash", clone, null, "scripts/package.sh", "--out", dist);
        var deb = Assert.Single(Directory.GetFiles(dist, $"{Package}_*_amd64.deb"));
        Assert.Contains($"+g{head[..12]}_", Path.GetFileName(deb), StringComparison.Ordinal);

        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "pkg");
        try
        {
            await DpkgAsync("-i", deb);

            // Binary, unit, config (a conffile) and assets where the package put them.
            Assert.True(File.Exists("/usr/bin/monitor"));
            Assert.True(File.GetUnixFileMode("/usr/bin/monitor").HasFlag(UnixFileMode.OtherExecute));
            var unit = await File.ReadAllTextAsync("/lib/systemd/system/quorum-monitor.service");
            foreach (var directive in new[]
            {
                "DynamicUser=yes", "StateDirectory=quorum-monitor", "ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=always",
                "ExecReload=/bin/kill -HUP $MAINPID", "ExecStart=/usr/bin/monitor run --config /etc/quorum-monitor/monitor.yaml",
            })
            {
                Assert.Contains(directive, unit, StringComparison.Ordinal);
            }

            Assert.Equal(await File.ReadAllTextAsync(RepoFiles.PathOf("packaging", "monitor.yaml")), await File.ReadAllTextAsync("/etc/quorum-monitor/monitor.yaml"));
            Assert.Contains("/etc/quorum-monitor/monitor.yaml", (await RunOkAsync("dpkg-query", "/", null, "-W", "-f=${Conffiles}", Package)).Output, StringComparison.Ordinal);
            foreach (var asset in Directory.GetFiles(RepoFiles.PathOf("dashboards"), "*", SearchOption.AllDirectories)
                .Concat(Directory.GetFiles(RepoFiles.PathOf("alerts"), "*", SearchOption.AllDirectories)))
            {
                var installed = Path.Combine("/usr/share/quorum-monitor", Path.GetRelativePath(RepoFiles.Root, asset));
                Assert.True(File.Exists(installed), $"{installed} not installed");
                Assert.Equal(await File.ReadAllBytesAsync(asset), await File.ReadAllBytesAsync(installed));
            }

            // The installed binary alone: a PATH with no dotnet on it, no DOTNET_ROOT.
            var bare = Directory.CreateDirectory(Path.Combine(_dir.Root, "bare-bin")).FullName;
            var env = new Dictionary<string, string?>
            {
                ["PATH"] = bare, ["DOTNET_ROOT"] = null, ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(_dir.Root, "bundle"),
            };
            Assert.DoesNotContain(env["PATH"]!.Split(':'), d => File.Exists(Path.Combine(d, "dotnet")));

            var version = await RunOkAsync("/usr/bin/monitor", _dir.Root, env, "--version");
            Assert.Contains(head, version.Output, StringComparison.Ordinal);

            // The example config the package ships is valid as installed (its state folder exists).
            var configCheck = await RunOkAsync("/usr/bin/monitor", _dir.Root, env, "config", "check", "/etc/quorum-monitor/monitor.yaml");
            Assert.Contains("cluster zookeeper/zk-main", configCheck.Output, StringComparison.Ordinal);

            await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
            var config = Path.Combine(_dir.Root, "lab.yaml");
            await File.WriteAllTextAsync(config, $"zookeeper:\n{zk.ToYaml("zk-lab")}");
            var check = await RunAsync("/usr/bin/monitor", _dir.Root, env, "check", "--config", config, "--format", "json", "--interval", "300ms");
            Assert.True(check.ExitCode == 0, check.Output);
            using var json = JsonDocument.Parse(check.Stdout);
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            var cluster = json.RootElement.GetProperty("clusters")[0];
            Assert.Equal("zk-lab", cluster.GetProperty("name").GetString());
            Assert.Equal(3, cluster.GetProperty("servingVoters").GetInt32());

            await DpkgAsync("-r", Package);
            Assert.False(File.Exists("/usr/bin/monitor"));
            Assert.False(File.Exists("/lib/systemd/system/quorum-monitor.service"));
            Assert.False(Directory.Exists("/usr/share/quorum-monitor"));
            // Debian keeps a removed package's conffiles until it is purged.
            Assert.True(File.Exists("/etc/quorum-monitor/monitor.yaml"));
            await DpkgAsync("-P", Package);
            Assert.False(Directory.Exists("/etc/quorum-monitor"));
            Assert.False(Directory.Exists("/var/lib/quorum-monitor"));
            Assert.False(await IsInstalledAsync());
        }
        finally
        {
            if (await IsInstalledAsync())
            {
                await DpkgAsync("-P", Package);
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<bool> IsInstalledAsync()
    {
        var status = await RunAsync("dpkg-query", "/", null, "-W", "-f=${db:Status-Status}", Package);
        return status.ExitCode == 0 && status.Stdout.Trim() is not ("" or "not-installed" or "config-files");
    }

    /// <summary>dpkg as root (sudo otherwise), waiting out another engineer's apt or dpkg run holding the lock.</summary>
    private static async Task DpkgAsync(params string[] args)
    {
        var root = Environment.UserName == "root";
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var run = await RunAsync(root ? "dpkg" : "sudo", "/", null, root ? args : ["-n", "dpkg", .. args]);
            if (run.ExitCode == 0)
            {
                return;
            }

            if (!run.Output.Contains("lock", StringComparison.OrdinalIgnoreCase) || deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                Assert.Fail($"dpkg {string.Join(' ', args)} exited {run.ExitCode}: {run.Output}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    private static async Task<Run> RunOkAsync(string tool, string dir, IReadOnlyDictionary<string, string?>? env, params string[] args)
    {
        var run = await RunAsync(tool, dir, env, args);
        Assert.True(run.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {run.ExitCode}: {run.Output}");
        return run;
    }

    private static async Task<Run> RunAsync(string tool, string dir, IReadOnlyDictionary<string, string?>? env, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in env ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The publish inside package.sh is the slow step: minutes on a loaded 2-core machine.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Run(process.ExitCode, await stdout, await stdout + await stderr);
    }

    private sealed record Run(int ExitCode, string Stdout, string Output);

    private static void CopySources(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, dir);
            if (!IsBuildOutput(relative))
            {
                Directory.CreateDirectory(Path.Combine(to, relative));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (!IsBuildOutput(relative))
            {
                File.Copy(file, Path.Combine(to, relative));
            }
        }
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "artifacts");
}
