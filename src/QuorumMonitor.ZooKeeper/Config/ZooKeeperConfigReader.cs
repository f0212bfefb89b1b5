using QuorumMonitor.Core.Config;
namespace QuorumMonitor.ZooKeeper.Config;

/// <summary>Reads and validates the <c>zookeeper:</c> list.</summary>
internal static class ZooKeeperConfigReader
{
    public static IReadOnlyList<ZooKeeperClusterConfig> Read(YamlSection root, ISet<string> clusterNames)
    {
        var clusters = new List<ZooKeeperClusterConfig>();
        foreach (var s in root.SectionList("zookeeper"))
        {
            var name = ClusterNames.Read(s, clusterNames);
            var servers = new List<HostPort>();
            var serverItems = s.StringList("servers", required: true);
            for (var i = 0; i < serverItems.Count; i++)
            {
                if (HostPort.TryParse(serverItems[i].Value, out var hp, out var problem))
                {
                    if (servers.Contains(hp))
                    {
                        s.Errors.Add($"{s.FieldPath("servers")}[{i}]", serverItems[i].Line, $"'{hp}' is listed twice");
                    }

                    servers.Add(hp);
                }
                else
                {
                    s.Errors.Add($"{s.FieldPath("servers")}[{i}]", serverItems[i].Line, problem);
                }
            }

            var adminUrls = new List<Uri>();
            var adminItems = s.StringList("adminUrls");
            for (var i = 0; i < adminItems.Count; i++)
            {
                if (s.HttpUrl($"{s.FieldPath("adminUrls")}[{i}]", adminItems[i].Value, adminItems[i].Line) is { } uri)
                {
                    adminUrls.Add(uri);
                }
            }

            if (adminItems.Count > 0 && adminItems.Count != serverItems.Count)
            {
                s.Errors.Add(s.FieldPath("adminUrls"), s.Line, $"lists {adminItems.Count} URLs for {serverItems.Count} servers; give one per server, in the same order");
            }

            var observers = ReadObservers(s, servers);
            var deadline = s.Duration("deadline", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
            var sessionCheck = s.Bool("sessionCheck") ?? true;
            var electionGrace = s.Duration("electionGrace", TimeSpan.Zero, TimeSpan.FromMinutes(5)) ?? ZooKeeperClusterConfig.DefaultElectionGrace;
            s.RejectUnknownKeys();
            if (name is not null)
            {
                clusters.Add(new ZooKeeperClusterConfig
                {
                    Name = name,
                    Servers = servers,
                    AdminUrls = adminUrls,
                    Observers = observers,
                    Deadline = deadline,
                    SessionCheck = sessionCheck,
                    ElectionGrace = electionGrace,
                });
            }
        }

        return clusters;
    }

    /// <summary>Observers are named among the servers, so a typo cannot declare a member that is not probed.</summary>
    private static List<HostPort> ReadObservers(YamlSection s, List<HostPort> servers)
    {
        var observers = new List<HostPort>();
        var items = s.StringList("observers");
        for (var i = 0; i < items.Count; i++)
        {
            var field = $"{s.FieldPath("observers")}[{i}]";
            if (!HostPort.TryParse(items[i].Value, out var hp, out var problem))
            {
                s.Errors.Add(field, items[i].Line, problem);
            }
            else if (!servers.Contains(hp))
            {
                s.Errors.Add(field, items[i].Line, $"'{hp}' is not in servers; list every member in servers and name the observers among them");
            }
            else if (observers.Contains(hp))
            {
                s.Errors.Add(field, items[i].Line, $"'{hp}' is listed twice");
            }
            else
            {
                observers.Add(hp);
            }
        }

        if (servers.Count > 0 && observers.Count >= servers.Count)
        {
            s.Errors.Add(s.FieldPath("observers"), items[0].Line, "every server is declared an observer; an ensemble needs at least one voter");
        }

        return observers;
    }
}
