using System.Text.RegularExpressions;
using QuorumMonitor.Core.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12, MS8: every malformed file of the corpus, given to <c>monitor check --config FILE</c>, exits 3 with an error
/// naming its field, and never crashes or prints a stack trace, an exception type or a secret. All of them run through
/// the CLI in-process (fast); the ones that used to crash the process run through the real executable too.
/// </summary>
public partial class CheckConfigFuzzTests
{
    /// <summary>The files that once overflowed the stack, threw past the config reader or may upset the runtime.</summary>
    public static TheoryData<string> ProcessCases() =>
    [
        "deep-flow-lists", "deep-block-maps", "billion-laughs", "recursive-alias", "duration-overflow", "duration-arabic-digit",
        "nul-in-state-file", "nul-bytes", "binary-garbage", "too-large", "security-bad-protocol", "duplicate-nested-key", "empty",
    ];

    [GeneratedRegex(@"\w+Exception\b|   at |internal error")]
    private static partial Regex CrashText();

    [Theory]
    [MemberData(nameof(MalformedConfigs.Names), MemberType = typeof(MalformedConfigs))]
    public async Task Check_exits_3_naming_the_field(string name)
    {
        var c = MalformedConfigs.Get(name);
        var path = await WriteAsync(c);
        try
        {
            var result = await CheckHarness.RunArgsAsync(["check", "--config", path]);

            AssertConfigError(c, result.ExitCode, result.Stderr);
            Assert.Empty(result.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(ProcessCases))]
    public async Task The_real_monitor_process_exits_3_naming_the_field(string name)
    {
        var c = MalformedConfigs.Get(name);
        var path = await WriteAsync(c);
        try
        {
            using var monitor = new MonitorProcess("check", "--config", path);
            var code = await monitor.WaitForExitAsync(TimeSpan.FromSeconds(60));

            AssertConfigError(c, code, monitor.Stderr);
            Assert.True(monitor.Stderr.Split('\n').Length < 20, $"{monitor.Stderr.Split('\n').Length} lines on stderr");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_json_format_reports_the_field_in_its_error()
    {
        var c = MalformedConfigs.Get("duration-arabic-digit");
        var path = await WriteAsync(c);
        try
        {
            var result = await CheckHarness.RunArgsAsync(["check", "--config", path, "--format", "json"]);

            Assert.Equal(3, result.ExitCode);
            Assert.Equal("unknown", result.Json.GetProperty("status").GetString());
            Assert.Contains(c.Field, result.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertConfigError(MalformedConfigs.Case c, int exitCode, string stderr)
    {
        Assert.Equal(3, exitCode);
        Assert.Contains("monitor: invalid config:", stderr, StringComparison.Ordinal);
        Assert.Contains(c.Field, stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(CrashText(), stderr);
        Assert.DoesNotContain(MalformedConfigs.Secret, stderr, StringComparison.Ordinal);
    }

    private static async Task<string> WriteAsync(MalformedConfigs.Case c)
    {
        var path = Path.Combine(Path.GetTempPath(), $"qm-fuzz-{Guid.NewGuid():N}.yaml");
        await File.WriteAllBytesAsync(path, c.Content);
        return path;
    }
}
