using QuorumMonitor.Core.Config;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.Host;
using QuorumMonitor.MySql;

namespace QuorumMonitor.MySql.Tests;

/// <summary>The <c>mysql:</c> section: every problem names its field and line, and no message repeats a secret.</summary>
public sealed class MySqlConfigTests : IDisposable
{
    private readonly string _passwordFile = Path.GetTempFileName();

    private string Valid => $"""
        zookeeper:
          - name: zk-realtime
            servers: ["127.0.0.1:2181"]
        mysql:
          - name: metrics-db
            dependsOn: [zk-realtime]
            passwordFile: {_passwordFile}
            lagThreshold: 10s
            deadline: 800ms
            heartbeat:
              table: monitoring.heartbeat
              serverId: 1
            instances:
              - name: primary
                role: primary
                connectionString: "Server=127.0.0.1;Port=3306;User ID=monitor"
              - name: replica-1
                role: replica
                connectionString: "Server=db2.internal;Port=3307;User ID=monitor;SslMode=None"
        """;

    [Fact]
    public void Valid_config_is_read_with_every_field()
    {
        var c = Assert.Single(MonitorKinds.Config.Parse(Valid).MySql);

        Assert.Equal("metrics-db", c.Name);
        Assert.Equal(["zk-realtime"], c.DependsOn);
        Assert.Equal(TimeSpan.FromSeconds(10), c.LagThreshold);
        Assert.Equal(TimeSpan.FromMilliseconds(800), c.Deadline);
        Assert.Equal(new MySqlHeartbeatConfig { Table = "monitoring.heartbeat", ServerId = 1 }, c.Heartbeat);
        Assert.Equal(2, c.Instances.Count);
        Assert.Equal(MySqlRole.Primary, c.Instances[0].Role);
        Assert.Equal("127.0.0.1:3306", c.Instances[0].Endpoint);
        Assert.Equal("db2.internal:3307", c.Instances[1].Endpoint);
        Assert.Equal(PasswordSource.FromFile(_passwordFile), c.Instances[1].Password);
    }

    [Fact]
    public void Password_from_an_environment_variable_is_resolved_at_probe_time_and_an_instance_may_override_the_cluster()
    {
        var variable = "QM_TEST_MYSQL_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "s3cret");
        try
        {
            var yaml = Valid.Replace("    instances:\n      - name: primary\n",
                $"    instances:\n      - name: primary\n        passwordEnv: {variable}\n", StringComparison.Ordinal);
            var c = Assert.Single(MonitorKinds.Config.Parse(yaml).MySql);

            Assert.Equal("s3cret", c.Instances[0].Password.Resolve());
            Assert.Equal(PasswordSource.FromFile(_passwordFile), c.Instances[1].Password);
            Assert.DoesNotContain("s3cret", c.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    public static TheoryData<string, string, string> BadInstances => new()
    {
        { "        connectionString: \"Server=h;User ID=monitor;Password=hunter2\"\n", "mysql[0].instances[0].connectionString", "contains a password" },
        { "        connectionString: \"Server=h;User ID=monitor;pwd=hunter2\"\n", "mysql[0].instances[0].connectionString", "passwordEnv or passwordFile" },
        { "        connectionString: \"Server=h1,h2;User ID=monitor\"\n", "mysql[0].instances[0].connectionString", "several servers" },
        { "        connectionString: \"User ID=monitor\"\n", "mysql[0].instances[0].connectionString", "no Server" },
        { "        connectionString: \"Server=h\"\n", "mysql[0].instances[0].connectionString", "no User ID" },
        { "        connectionString: \"Server=h;User ID=m;Bogus=1\"\n", "mysql[0].instances[0].connectionString", "not a valid MySqlConnector connection string" },
        { "        connectionString: \"Server=h;User ID=m\"\n        passwordEnv: QM_SURELY_UNSET_VARIABLE\n", "mysql[0].instances[0].passwordEnv", "QM_SURELY_UNSET_VARIABLE is not set" },
        { "        connectionString: \"Server=h;User ID=m\"\n        passwordFile: /nonexistent/pw\n", "mysql[0].instances[0].passwordFile", "does not exist" },
        { "        connectionString: \"Server=h;User ID=m\"\n        pasword: x\n", "mysql[0].instances[0].pasword", "unknown key" },
    };

    [Theory]
    [MemberData(nameof(BadInstances))]
    public void Bad_instance_is_rejected_naming_the_field_and_line_without_repeating_a_password(string instanceTail, string path, string message)
    {
        var yaml = "mysql:\n  - name: db\n    instances:\n      - name: primary\n        role: primary\n" + instanceTail;

        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(yaml));

        var error = Assert.Single(ex.Errors, e => e.Path == path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 6, $"line {error.Line}");
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadClusters => new()
    {
        { "mysql:\n  - name: db\n", "mysql[0].instances", "primary and its replicas" },
        { "mysql:\n  - name: db\n    instances: []\n", "mysql[0].instances", "primary and its replicas" },
        { "mysql:\n  - name: db\n    instances:\n      - name: a\n        role: replica\n        connectionString: \"Server=h;User ID=m\"\n", "mysql[0].instances", "declares 0 primaries" },
        { "mysql:\n  - name: db\n    instances:\n      - name: a\n        role: leader\n        connectionString: \"Server=h;User ID=m\"\n", "mysql[0].instances[0].role", "primary or replica" },
        { "mysql:\n  - name: db\n    instances:\n      - name: a\n        role: primary\n        connectionString: \"Server=h;User ID=m\"\n      - name: a\n        role: replica\n        connectionString: \"Server=h2;User ID=m\"\n", "mysql[0].instances[1].name", "another instance" },
        { "mysql:\n  - name: db\n    instances:\n      - name: a\n        role: primary\n        connectionString: \"Server=h;User ID=m\"\n      - name: b\n        role: replica\n        connectionString: \"Server=h;Port=3306;User ID=m\"\n", "mysql[0].instances[1].connectionString", "as another instance does" },
        { "mysql:\n  - name: db\n    heartbeat:\n      table: heartbeat; DROP TABLE x\n    instances:\n      - name: a\n        role: primary\n        connectionString: \"Server=h;User ID=m\"\n", "mysql[0].heartbeat.table", "database.table" },
        { "mysql:\n  - name: db\n    dependsOn: [zk-nowhere]\n    instances:\n      - name: a\n        role: primary\n        connectionString: \"Server=h;User ID=m\"\n", "mysql[0].dependsOn[0]", "not the name of a configured cluster" },
        { "mysql:\n  - name: db\n    lagThreshold: 0s\n    instances:\n      - name: a\n        role: primary\n        connectionString: \"Server=h;User ID=m\"\n", "mysql[0].lagThreshold", "between" },
        { "mysql:\n  - name: db\n    passwordEnv: A\n    passwordFile: /x\n    instances:\n      - name: a\n        role: primary\n        connectionString: \"Server=h;User ID=m\"\n", "mysql[0].passwordFile", "not both" },
        { "zookeeper:\n  - name: db\n    servers: [\"h:1\"]\nmysql:\n  - name: db\n    instances:\n      - name: a\n        role: primary\n        connectionString: \"Server=h;User ID=m\"\n", "mysql[0].name", "unique" },
    };

    [Theory]
    [MemberData(nameof(BadClusters))]
    public void Bad_cluster_is_rejected_naming_the_field(string yaml, string path, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(yaml));

        Assert.Contains(ex.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    public void Dispose() => File.Delete(_passwordFile);
}
