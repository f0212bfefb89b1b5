namespace QuorumMonitor.Cli.Tests;

/// <summary>Issue 13, must-show 5: bad <c>galera:</c> sections make <c>monitor check</c> exit 3 naming field and line.</summary>
public class GaleraConfigErrorTests
{
    private static async Task<(int Code, string Stderr)> CheckAsync(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitor-galera-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await CliApp.RunAsync(["check", "--config", path], stdout, stderr, CancellationToken.None);
            return (code, stderr.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("galera:\n  - name: g\n    user: monitor\n    passwordEnv: PATH\n    nodes: []\n", "galera[0].nodes", "line 5")]
    [InlineData("galera:\n  - name: g\n    user: monitor\n    passwordEnv: PATH\n    connectionString: \"Password=hunter2\"\n    nodes: [\"127.0.0.1:3306\"]\n", "galera[0].connectionString", "line 5")]
    [InlineData("galera:\n  - name: g\n    user: monitor\n    passwordEnv: PATH\n    nodes: [\"127.0.0.1:3306\"]\n    bogus: 1\n", "galera[0].bogus", "line 6")]
    [InlineData("galera:\n  - name: g\n    user: monitor\n    passwordEnv: PATH\n    nodes: [\"127.0.0.1:3306\", \"127.0.0.1:3306\"]\n", "galera[0].nodes[1]", "line 5")]
    public async Task A_bad_galera_section_exits_3_naming_the_field_and_its_line(string yaml, string field, string line)
    {
        var (code, stderr) = await CheckAsync(yaml);

        Assert.Equal(3, code);
        Assert.Contains(field, stderr, StringComparison.Ordinal);
        Assert.Contains(line, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stderr, StringComparison.Ordinal);
    }
}
