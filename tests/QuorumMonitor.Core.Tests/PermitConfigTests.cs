using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;

namespace QuorumMonitor.Core.Tests;

/// <summary>Issue 15: the permits: and api: sections; a token's value never appears in an error.</summary>
public sealed class PermitConfigTests : IDisposable
{
    private const string Zk = "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("permit-config").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private MonitorConfig Parse(string yaml) => MonitorKinds.Config.Parse(yaml + Zk, _dir);

    [Fact]
    public void Defaults_without_the_sections()
    {
        var config = Parse("");
        Assert.Equal(0, config.Permits.MinFaultToleranceAfter);
        Assert.Equal(TimeSpan.FromMinutes(15), config.Permits.DefaultTtl);
        Assert.Empty(config.Api.Tokens);
    }

    [Fact]
    public void Tokens_come_from_files_relative_to_the_config_and_print_as_stars()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "abcdefghijklmnop-secret\nsecond line ignored\n");
        var config = Parse("permits:\n  minFaultToleranceAfter: 1\n  ttl: 5m\napi:\n  tokens:\n    - tokenFile: token\n");
        Assert.Equal(1, config.Permits.MinFaultToleranceAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), config.Permits.DefaultTtl);
        Assert.Equal("abcdefghijklmnop-secret", Assert.Single(config.Api.Tokens).Reveal());
        Assert.DoesNotContain("secret", config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_entries_name_their_field_and_never_the_value()
    {
        File.WriteAllText(Path.Combine(_dir, "short"), "tiny-secret\n");
        var ex = Assert.Throws<ConfigException>(() => Parse(
            "permits:\n  minFaultToleranceAfter: 11\napi:\n  tokens:\n    - tokenFile: short\n    - tokenEnv: QM_SURELY_UNSET_VARIABLE\n    - {}\n"));
        var text = string.Join('\n', ex.Errors.Select(e => e.ToString()));
        Assert.Contains("permits.minFaultToleranceAfter", text, StringComparison.Ordinal);
        Assert.Contains("api.tokens[0].tokenFile", text, StringComparison.Ordinal);
        Assert.Contains("api.tokens[1].tokenEnv", text, StringComparison.Ordinal);
        Assert.Contains("api.tokens[2]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tiny-secret", text, StringComparison.Ordinal);
    }
}
