using QuorumMonitor.Core.Config;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace QuorumMonitor.MySql.Config;

/// <summary>Reads and validates the <c>mysql:</c> list.</summary>
internal static partial class MySqlConfigReader
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceName();

    [GeneratedRegex(@"^[A-Za-z0-9_$]{1,64}\.[A-Za-z0-9_$]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableName();

    /// <param name="references">Receives every <c>dependsOn</c> entry, checked once every section has been read.</param>
    public static IReadOnlyList<MySqlClusterConfig> Read(YamlSection root, ISet<string> clusterNames, ICollection<ClusterReference> references)
    {
        var clusters = new List<MySqlClusterConfig>();
        foreach (var s in root.SectionList("mysql"))
        {
            var name = ClusterNames.Read(s, clusterNames);
            var dependsOnItems = s.StringList("dependsOn");
            for (var d = 0; d < dependsOnItems.Count; d++)
            {
                references.Add(new ClusterReference(dependsOnItems[d].Value, $"{s.FieldPath("dependsOn")}[{d}]", dependsOnItems[d].Line));
            }

            var dependsOn = dependsOnItems.Select(d => d.Value).ToList();
            var deadline = s.Duration("deadline", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
            var lag = s.Duration("lagThreshold", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? MySqlClusterConfig.DefaultLagThreshold;
            var minStandbys = s.Int("minStandbys", 0, 100) ?? MySqlClusterConfig.DefaultMinStandbys;
            var clusterPassword = PasswordSourceReader.Read(s) ?? PasswordSource.None;
            var heartbeat = ReadHeartbeat(s.Section("heartbeat"));
            var instances = ReadInstances(s, clusterPassword);
            s.RejectUnknownKeys();
            if (name is not null)
            {
                clusters.Add(new MySqlClusterConfig
                {
                    Name = name,
                    DependsOn = dependsOn,
                    Instances = instances,
                    Deadline = deadline,
                    LagThreshold = lag,
                    Heartbeat = heartbeat,
                    MinStandbys = minStandbys,
                });
            }
        }

        return clusters;
    }

    private static List<MySqlInstanceConfig> ReadInstances(YamlSection s, PasswordSource clusterPassword)
    {
        var instances = new List<MySqlInstanceConfig>();
        var sections = s.SectionList("instances");
        if (sections.Count == 0 && s.Node("instances") is null or YamlSequenceNode { Children.Count: 0 })
        {
            s.Errors.Add(s.FieldPath("instances"), s.Line, "must list the primary and its replicas");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var endpoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in sections)
        {
            var name = i.String("name", required: true);
            if (name is not null && !InstanceName().IsMatch(name))
            {
                i.Errors.Add(i.FieldPath("name"), i.Line, $"'{name}' must be 1-63 letters, digits, '.', '_' or '-'");
                name = null;
            }
            else if (name is not null && !names.Add(name))
            {
                i.Errors.Add(i.FieldPath("name"), i.Line, $"'{name}' is used by another instance of this cluster");
            }

            var role = ReadRole(i);
            var connectionString = i.String("connectionString", required: true);
            string? endpoint = null;
            if (connectionString is not null)
            {
                endpoint = MySqlConnectionStrings.Validate(connectionString, out var problem);
                if (endpoint is null)
                {
                    i.Errors.Add(i.FieldPath("connectionString"), YamlSection.LineOf(i.Node("connectionString")!), problem);
                }
                else if (!endpoints.Add(endpoint))
                {
                    i.Errors.Add(i.FieldPath("connectionString"), YamlSection.LineOf(i.Node("connectionString")!), $"points at {endpoint}, as another instance does");
                }
            }

            var password = PasswordSourceReader.Read(i) ?? clusterPassword;
            i.RejectUnknownKeys();
            if (name is not null && role is not null && connectionString is not null && endpoint is not null)
            {
                instances.Add(new MySqlInstanceConfig
                {
                    Name = name,
                    Role = role.Value,
                    ConnectionString = connectionString,
                    Endpoint = endpoint,
                    Password = password,
                });
            }
        }

        var primaries = instances.Count(x => x.Role == MySqlRole.Primary);
        if (sections.Count > 0 && instances.Count == sections.Count && primaries != 1)
        {
            s.Errors.Add(s.FieldPath("instances"), s.Line, $"declares {primaries} primaries; declare exactly one instance with role: primary");
        }

        return instances;
    }

    private static MySqlRole? ReadRole(YamlSection i)
    {
        var text = i.String("role", required: true);
        switch (text)
        {
            case null:
                return null;
            case "primary":
                return MySqlRole.Primary;
            case "replica":
                return MySqlRole.Replica;
            default:
                i.Errors.Add(i.FieldPath("role"), YamlSection.LineOf(i.Node("role")!), $"'{text}' must be primary or replica");
                return null;
        }
    }

    private static MySqlHeartbeatConfig? ReadHeartbeat(YamlSection? h)
    {
        if (h is null)
        {
            return null;
        }

        var table = h.String("table", required: true);
        if (table is not null && !TableName().IsMatch(table))
        {
            h.Errors.Add(h.FieldPath("table"), YamlSection.LineOf(h.Node("table")!), $"'{table}' must be database.table (letters, digits, '_', '$')");
            table = null;
        }

        var serverId = h.Int("serverId", 0, int.MaxValue);
        h.RejectUnknownKeys();
        return table is null ? null : new MySqlHeartbeatConfig { Table = table, ServerId = serverId };
    }
}
