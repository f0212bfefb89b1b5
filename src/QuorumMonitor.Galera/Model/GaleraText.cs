using System.Text;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Galera.Model;

/// <summary>How nodes are described in alert summaries: what is wrong, in an operator's words.</summary>
public static class GaleraText
{
    public static string State(GaleraNodeResult n) => n.State switch
    {
        GaleraNodeState.Ok when !n.IsPrimary => $"in a {n.ClusterStatus ?? "unknown"} component (size {n.ClusterSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})",
        GaleraNodeState.Ok => n.LocalStateComment ?? "answering",
        GaleraNodeState.Refused => "down (connection refused)",
        GaleraNodeState.Unreachable => $"unreachable ({n.Error ?? "no TCP answer"})",
        GaleraNodeState.HandshakeTimeout => $"hung: TCP accepted, no handshake ({n.Error ?? "timeout"})",
        GaleraNodeState.QueryTimeout => $"hung: logged in, status not answered ({n.Error ?? "timeout"})",
        GaleraNodeState.AuthFailed => $"refusing the monitor's login ({n.Error ?? "access denied"})",
        GaleraNodeState.TooManyConnections => $"refusing connections ({n.Error ?? "too many connections"})",
        _ => $"in error ({n.Error})",
    };

    public static string Describe(IEnumerable<GaleraNodeResult> nodes)
    {
        var parts = nodes.Select(n => $"{n.Name} {State(n)}").ToList();
        return parts.Count == 0 ? "every node is a safe voter" : string.Join("; ", parts);
    }

    /// <summary>"Donor/Desynced" → "donor-desynced": a state comment as a label-safe word.</summary>
    public static string Kebab(string comment)
    {
        var b = new StringBuilder(comment.Length);
        foreach (var c in comment.Trim())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                b.Append(char.ToLowerInvariant(c));
            }
            else if (b.Length > 0 && b[^1] != '-')
            {
                b.Append('-');
            }
        }

        return b.ToString().TrimEnd('-') is { Length: > 0 } word ? word : "unknown";
    }
}
