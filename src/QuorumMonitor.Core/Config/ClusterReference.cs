namespace QuorumMonitor.Core.Config;

/// <summary>A field that names another cluster; checked once every section is read, so order in the file does not matter.</summary>
public sealed record ClusterReference(string Name, string Path, int Line)
{
    public static void CheckAll(IEnumerable<ClusterReference> references, ISet<string> clusterNames, ConfigErrors errors)
    {
        foreach (var r in references)
        {
            if (!clusterNames.Contains(r.Name))
            {
                errors.Add(r.Path, r.Line, $"'{r.Name}' is not the name of a configured cluster");
            }
        }
    }
}
