using QuorumMonitor.Core.Config;
using QuorumMonitor.Galera.Config;
using YamlDotNet.RepresentationModel;

namespace QuorumMonitor.Galera.Tests;

/// <summary>The <c>galera:</c> section: what it accepts, and that every mistake names its field and line.</summary>
public sealed class GaleraConfigReaderTests : IDisposable
{
    private readonly string _passwordFile = Path.GetTempFileName();

    private (IReadOnlyList<GaleraClusterConfig> Clusters, IReadOnlyList<ConfigError> Errors) Read(string yaml, ISet<string>? names = null)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml.Replace("PASSWORD_FILE", _passwordFile, StringComparison.Ordinal)));
        var errors = new ConfigErrors();
        var root = new YamlSection((YamlMappingNode)stream.Documents[0].RootNode, "", errors);
        var clusters = GaleraConfigReader.Read(root, names ?? new HashSet<string>(StringComparer.Ordinal));
        return (clusters, errors.All);
    }

    [Fact]
    public void Reads_a_cluster_with_its_nodes_credentials_deadline_and_threshold()
    {
        var (clusters, errors) = Read("""
            galera:
              - name: shop-db
                nodes: ["10.0.0.1:3306", "10.0.0.2:3306", "db3.example:3307"]
                user: monitor
                passwordFile: PASSWORD_FILE
                connectionString: "SslMode=Required"
                deadline: 1500ms
                flowControlPausedThreshold: 0.25
            """);

        Assert.Empty(errors);
        var c = Assert.Single(clusters);
        Assert.Equal("shop-db", c.Name);
        Assert.Equal(["10.0.0.1:3306", "10.0.0.2:3306", "db3.example:3307"], c.Nodes.Select(n => n.Name));
        Assert.Equal("monitor", c.User);
        Assert.Equal(_passwordFile, c.Password.File);
        Assert.Equal("SslMode=Required", c.ConnectionOptions);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), c.Deadline);
        Assert.Equal(0.25, c.FlowControlPausedThreshold);
    }

    [Fact]
    public void Defaults_apply_when_optional_fields_are_absent()
    {
        var (clusters, errors) = Read("""
            galera:
              - {name: g, nodes: ["127.0.0.1:3306"], user: monitor, passwordFile: PASSWORD_FILE}
            """);

        Assert.Empty(errors);
        var c = Assert.Single(clusters);
        Assert.Null(c.Deadline);
        Assert.Null(c.ConnectionOptions);
        Assert.Equal(GaleraClusterConfig.DefaultFlowControlPausedThreshold, c.FlowControlPausedThreshold);
    }

    [Theory]
    [InlineData("nodes: []")]
    [InlineData("nodes:")]
    [InlineData("")]
    public void No_nodes_is_an_error_naming_the_field_and_line(string nodes)
    {
        var (clusters, errors) = Read($"""
            galera:
              - name: g
                user: monitor
                passwordFile: PASSWORD_FILE
                {nodes}
            """);

        Assert.Empty(clusters);
        var e = Assert.Single(errors);
        Assert.Equal("galera[0].nodes", e.Path);
        Assert.InRange(e.Line, 2, 5);
        Assert.Contains("host:port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_the_connection_string_is_refused_without_repeating_it()
    {
        var (clusters, errors) = Read("""
            galera:
              - name: g
                nodes: ["127.0.0.1:3306"]
                user: monitor
                connectionString: "SslMode=None;Password=hunter2"
            """);

        Assert.Empty(clusters);
        var e = Assert.Single(errors);
        Assert.Equal("galera[0].connectionString", e.Path);
        Assert.Equal(5, e.Line);
        Assert.Contains("passwordEnv or passwordFile", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_or_user_in_the_connection_string_is_refused()
    {
        var (_, errors) = Read("""
            galera:
              - {name: g, nodes: ["127.0.0.1:3306"], user: monitor, passwordFile: PASSWORD_FILE, connectionString: "Server=10.9.9.9"}
            """);

        var e = Assert.Single(errors);
        Assert.Equal("galera[0].connectionString", e.Path);
        Assert.Contains("server", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nodes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_it_and_its_line()
    {
        var (clusters, errors) = Read("""
            galera:
              - name: g
                nodes: ["127.0.0.1:3306"]
                user: monitor
                passwordFile: PASSWORD_FILE
                password: hunter2
            """);

        Assert.Empty(clusters);
        var e = Assert.Single(errors);
        Assert.Equal("galera[0].password", e.Path);
        Assert.Equal(6, e.Line);
        Assert.Contains("unknown key", e.Message, StringComparison.Ordinal);
        Assert.Contains("passwordFile", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_node_is_an_error_naming_the_entry_and_its_line()
    {
        var (clusters, errors) = Read("""
            galera:
              - name: g
                user: monitor
                passwordFile: PASSWORD_FILE
                nodes:
                  - 127.0.0.1:3306
                  - 127.0.0.1:3307
                  - 127.0.0.1:3306
            """);

        Assert.Empty(clusters);
        var e = Assert.Single(errors);
        Assert.Equal("galera[0].nodes[2]", e.Path);
        Assert.Equal(8, e.Line);
        Assert.Contains("listed twice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nodes: [\"127.0.0.1\"]", "galera[0].nodes[0]", "not host:port")]
    [InlineData("nodes: [\"127.0.0.1:99999\"]", "galera[0].nodes[0]", "invalid port")]
    [InlineData("deadline: 10ms", "galera[0].deadline", "between")]
    [InlineData("flowControlPausedThreshold: 2", "galera[0].flowControlPausedThreshold", "from 0 to 1")]
    [InlineData("passwordEnv: QM_GALERA_TEST_SURELY_UNSET", "galera[0].passwordEnv", "is not set")]
    public void Bad_values_name_their_field(string line, string path, string message)
    {
        var nodes = line.StartsWith("nodes", StringComparison.Ordinal) ? "" : "nodes: [\"127.0.0.1:3306\"]";
        var password = line.StartsWith("passwordEnv", StringComparison.Ordinal) ? "" : "passwordFile: PASSWORD_FILE";
        var (clusters, errors) = Read($"""
            galera:
              - name: g
                user: monitor
                {password}
                {nodes}
                {line}
            """);

        Assert.Empty(clusters);
        var e = Assert.Single(errors);
        Assert.Equal(path, e.Path);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_user_and_both_password_sources_are_errors()
    {
        var (_, errors) = Read("""
            galera:
              - {name: g, nodes: ["127.0.0.1:3306"], passwordFile: PASSWORD_FILE, passwordEnv: HOME}
            """);

        Assert.Contains(errors, e => e.Path == "galera[0].user" && e.Message == "is required");
        Assert.Contains(errors, e => e.Path == "galera[0].passwordFile" && e.Message.Contains("not both", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_taken_by_another_cluster_is_an_error()
    {
        var (_, errors) = Read("""
            galera:
              - {name: db, nodes: ["127.0.0.1:3306"], user: monitor, passwordFile: PASSWORD_FILE}
            """, new HashSet<string>(["db"], StringComparer.Ordinal));

        var e = Assert.Single(errors);
        Assert.Equal("galera[0].name", e.Path);
        Assert.Contains("used by another cluster", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_passwordFile);
}
