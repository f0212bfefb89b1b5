using System.Text.RegularExpressions;

namespace QuorumMonitor.Cli.Tests;

/// <summary>alerts/: the Prometheus rules are valid, and every alert has a unit test that fires it and one where it stays quiet.</summary>
public partial class AlertRulesTests
{
    [GeneratedRegex(@"^\s*- alert: (\S+)", RegexOptions.Multiline)]
    private static partial Regex AlertName();

    [GeneratedRegex(@"alertname: (\S+)\s+exp_alerts:\s*(\[\])?", RegexOptions.Multiline)]
    private static partial Regex AlertTest();

    private static IEnumerable<string> RuleFiles => Directory.EnumerateFiles(RepoFiles.PathOf("alerts"), "*.rules.yml");

    [Fact]
    public async Task Promtool_checks_the_rules()
    {
        foreach (var file in RuleFiles)
        {
            var (code, output) = await ToolRunner.RunAsync("promtool", RepoFiles.PathOf("alerts"), "check", "rules", file);
            Assert.True(code == 0, output);
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Promtool_unit_tests_pass()
    {
        var tests = Directory.EnumerateFiles(RepoFiles.PathOf("alerts"), "*.test.yml").ToList();
        Assert.NotEmpty(tests);
        foreach (var file in tests)
        {
            var (code, output) = await ToolRunner.RunAsync("promtool", RepoFiles.PathOf("alerts"), "test", "rules", file);
            Assert.True(code == 0, output);
        }
    }

    [Fact]
    public void Every_alert_has_a_test_that_fires_it_and_one_where_it_is_quiet()
    {
        var alerts = RuleFiles.SelectMany(f => AlertName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToList();
        var tests = Directory.EnumerateFiles(RepoFiles.PathOf("alerts"), "*.test.yml")
            .SelectMany(f => AlertTest().Matches(File.ReadAllText(f)))
            .Select(m => (Alert: m.Groups[1].Value, Quiet: m.Groups[2].Success))
            .ToList();
        var testText = string.Join('\n', Directory.EnumerateFiles(RepoFiles.PathOf("alerts"), "*.test.yml").Select(File.ReadAllText));

        Assert.NotEmpty(alerts);
        foreach (var alert in alerts)
        {
            Assert.True(tests.Any(t => t.Alert == alert && !t.Quiet), $"{alert}: no test case expects it to fire");

            // Quiet: an explicit empty expectation, or a firing case whose input also holds a series that must not fire
            // (promtool fails on any alert not listed).
            var quiet = tests.Any(t => t.Alert == alert && t.Quiet) || HasQuietSeriesBesideTheFiringOne(testText, alert);
            Assert.True(quiet, $"{alert}: no test case shows it staying quiet");
        }
    }

    private static bool HasQuietSeriesBesideTheFiringOne(string testText, string alert)
    {
        var index = testText.IndexOf($"alertname: {alert}", StringComparison.Ordinal);
        var testStart = testText.LastIndexOf("  - name:", index, StringComparison.Ordinal);
        var inputs = testText[testStart..index];
        var clusters = Regex.Matches(inputs, @"(?:cluster|instance)=""([^""]+)""").Select(m => m.Groups[1].Value).Distinct().Count();
        return clusters >= 2;
    }
}
