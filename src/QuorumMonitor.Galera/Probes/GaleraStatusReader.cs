using System.Globalization;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace QuorumMonitor.Galera.Probes;

/// <summary>
/// The read-only queries of a Galera probe: <c>SHOW GLOBAL STATUS LIKE 'wsrep_%'</c> and <c>pc.weight</c> out of
/// <c>wsrep_provider_options</c>. Both need no privilege beyond USAGE. Whatever the server sends, only so many rows
/// and so many characters per value are kept.
/// </summary>
public static partial class GaleraStatusReader
{
    /// <summary>A Galera 4 server has about 75 wsrep_* status rows; more than this is not a server to believe.</summary>
    public const int MaxRows = 512;

    public const int MaxValueLength = 256;

    /// <summary><c>wsrep_provider_options</c> is some 3 KB on MariaDB 10.11; read at most this much of it.</summary>
    public const int MaxProviderOptionsLength = 65536;

    public static readonly IReadOnlySet<string> Wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "wsrep_cluster_status", "wsrep_cluster_size", "wsrep_ready", "wsrep_connected", "wsrep_local_state_comment",
        "wsrep_cluster_state_uuid", "wsrep_cluster_conf_id", "wsrep_flow_control_paused", "wsrep_flow_control_paused_ns",
        "wsrep_local_recv_queue", "wsrep_provider_version", "wsrep_on",
    };

    [GeneratedRegex(@"(?:^|;)\s*pc\.weight\s*=\s*(\d{1,3})\s*(?:;|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PcWeight();

    public static async Task<GaleraStatus> ReadAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = new MySqlCommand(@"SHOW GLOBAL STATUS LIKE 'wsrep\_%'", connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (++rows > MaxRows)
                {
                    throw new InvalidDataException($"SHOW GLOBAL STATUS returned more than {MaxRows} wsrep rows");
                }

                var name = Bounded(reader.GetValue(0));
                if (Wanted.Contains(name))
                {
                    values[name] = Bounded(reader.GetValue(1));
                }
            }
        }

        return new GaleraStatus(values, await ReadWeightAsync(connection, cancellationToken).ConfigureAwait(false));
    }

    /// <returns><c>pc.weight</c>, or null when the options do not set it (a server without a provider).</returns>
    public static int? ParseWeight(string? providerOptions)
    {
        if (providerOptions is null)
        {
            return null;
        }

        var match = PcWeight().Match(providerOptions);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) && weight <= 255
            ? weight
            : null;
    }

    private static async Task<int?> ReadWeightAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            $"SELECT SUBSTRING(@@GLOBAL.wsrep_provider_options, 1, {MaxProviderOptionsLength.ToString(CultureInfo.InvariantCulture)})", connection);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return ParseWeight(value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture));
    }

    private static string Bounded(object? value)
    {
        var text = value is null or DBNull ? "" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return text.Length > MaxValueLength ? text[..MaxValueLength] : text;
    }
}
