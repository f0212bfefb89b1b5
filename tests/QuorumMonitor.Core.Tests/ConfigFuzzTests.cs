using System.Text.RegularExpressions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;

namespace QuorumMonitor.Core.Tests;

/// <summary>
/// Issue 12, MS8 (fast tier): every malformed file of <see cref="MalformedConfigs"/> fails to load with a
/// <see cref="ConfigException"/> naming its field and nothing else: no other exception, no stack overflow.
/// </summary>
public partial class ConfigFuzzTests
{
    [GeneratedRegex(@"\w+Exception\b|   at ")]
    private static partial Regex CrashText();

    [Fact]
    public void The_corpus_has_at_least_fifty_distinct_files()
    {
        Assert.True(MalformedConfigs.All.Count >= 50, $"{MalformedConfigs.All.Count} cases");
        Assert.Equal(MalformedConfigs.All.Count, MalformedConfigs.All.Select(c => c.Name).Distinct().Count());
        Assert.Equal(MalformedConfigs.All.Count, MalformedConfigs.All.Select(c => Convert.ToBase64String(c.Content)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(MalformedConfigs.Names), MemberType = typeof(MalformedConfigs))]
    public void A_malformed_file_is_a_config_error_naming_its_field(string name)
    {
        var c = MalformedConfigs.Get(name);
        var path = Path.Combine(Path.GetTempPath(), $"qm-fuzz-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, c.Content);
        try
        {
            var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.LoadFile(path));
            var text = string.Join("\n", ex.Errors);

            Assert.NotEmpty(ex.Errors);
            Assert.Contains(c.Field, text, StringComparison.Ordinal);
            Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Path)));
            Assert.DoesNotMatch(CrashText(), text);
            Assert.DoesNotContain(MalformedConfigs.Secret, text, StringComparison.Ordinal);
            Assert.All(ex.Errors, e => Assert.Null(ConfigText.FirstControl(e.ToString())));
            Assert.All(ex.Errors, e => Assert.True(e.Message.Length <= ConfigLimits.MaxMessageLength + 3, $"message of {e.Message.Length} characters"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
