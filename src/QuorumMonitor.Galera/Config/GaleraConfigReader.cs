using System.Text.RegularExpressions;
using QuorumMonitor.Core.Config;
using YamlDotNet.RepresentationModel;

namespace QuorumMonitor.Galera.Config;

/// <summary>
/// Reads and validates the <c>galera:</c> list. Every problem is recorded in the section's <see cref="ConfigErrors"/>
/// with its field path and line; a cluster with any problem is left out of the result.
/// </summary>
public static partial class GaleraConfigReader
{
    /// <param name="root">The config's top-level mapping.</param>
    /// <param name="clusterNames">Names taken by clusters of every kind; this reader adds its own and reports clashes.</param>
    public static IReadOnlyList<GaleraClusterConfig> Read(YamlSection root, ISet<string> clusterNames)
    {
        var clusters = new List<GaleraClusterConfig>();
        foreach (var s in root.SectionList(GaleraKind.SectionName))
        {
            var errorsBefore = s.Errors.All.Count;
            var name = ClusterNames.Read(s, clusterNames);
            var nodes = ReadNodes(s);
            var user = s.String("user", required: true);
            var password = PasswordSourceReader.Read(s) ?? PasswordSource.None;
            var options = ReadConnectionOptions(s);
            var deadline = s.Duration("deadline", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
            var threshold = s.Double("flowControlPausedThreshold", 0, 1) ?? GaleraClusterConfig.DefaultFlowControlPausedThreshold;
            s.RejectUnknownKeys();
            if (name is not null && user is not null && s.Errors.All.Count == errorsBefore)
            {
                clusters.Add(new GaleraClusterConfig
                {
                    Name = name,
                    Nodes = nodes,
                    User = user,
                    Password = password,
                    ConnectionOptions = options,
                    Deadline = deadline,
                    FlowControlPausedThreshold = threshold,
                });
            }
        }

        return clusters;
    }

    private static List<GaleraNodeConfig> ReadNodes(YamlSection s)
    {
        var nodes = new List<GaleraNodeConfig>();
        var items = s.StringList("nodes");
        if (items.Count == 0 && s.Node("nodes") is null or YamlSequenceNode { Children.Count: 0 })
        {
            var line = s.Node("nodes") is { } n ? YamlSection.LineOf(n) : s.Line;
            s.Errors.Add(s.FieldPath("nodes"), line, "must list the cluster's nodes as host:port (at least one)");
            return nodes;
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var (text, line) = items[i];
            var path = $"{s.FieldPath("nodes")}[{i}]";
            if (!HostPort.TryParse(text.Trim(), out var endpoint, out var problem))
            {
                s.Errors.Add(path, line, problem);
                continue;
            }

            if (seen.TryGetValue(endpoint.ToString(), out var first))
            {
                s.Errors.Add(path, line, $"'{endpoint}' is listed twice (also nodes[{first}]); each node once");
                continue;
            }

            seen[endpoint.ToString()] = i;
            nodes.Add(new GaleraNodeConfig { Endpoint = endpoint });
        }

        return nodes;
    }

    private static string? ReadConnectionOptions(YamlSection s)
    {
        var text = s.String("connectionString");
        if (text is null)
        {
            return null;
        }

        if (GaleraConnectionOptions.Validate(text) is { } problem)
        {
            s.Errors.Add(s.FieldPath("connectionString"), YamlSection.LineOf(s.Node("connectionString")!), problem);
            return null;
        }

        return text;
    }
}
