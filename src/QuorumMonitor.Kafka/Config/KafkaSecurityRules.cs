using QuorumMonitor.Core.Config;
using System.Globalization;

namespace QuorumMonitor.Kafka.Config;

/// <summary>
/// The librdkafka security properties the monitor accepts, and the values each may take. Checked at load so that a bad
/// value is a config error naming the property, not a probe failure at run time whose librdkafka message quotes the
/// value (which may be a password) into logs and notifications. No message here contains a value.
/// </summary>
internal static class KafkaSecurityRules
{
    private static readonly string[] Protocols = ["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"];

    private static readonly string[] Mechanisms = ["GSSAPI", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"];

    /// <summary>
    /// Properties with a fixed set of values. librdkafka matches its enumerations ignoring case, but compares
    /// <c>sasl.mechanism</c> (a plain string) exactly.
    /// </summary>
    private static readonly Dictionary<string, (string[] Values, bool IgnoreCase)> Choices = new(StringComparer.Ordinal)
    {
        ["security.protocol"] = (Protocols, true),
        ["sasl.mechanism"] = (Mechanisms, false),
        ["sasl.mechanisms"] = (Mechanisms, false),
        ["ssl.endpoint.identification.algorithm"] = (["none", "https"], true),
        ["sasl.oauthbearer.method"] = (["default", "oidc"], true),
        ["sasl.oauthbearer.grant.type"] = (["client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"], true),
        ["sasl.oauthbearer.metadata.authentication.type"] = (["none", "azure_imds"], true),
        ["sasl.oauthbearer.assertion.algorithm"] = (["RS256", "ES256"], true),
        ["sasl.oauthbearer.assertion.claim.jti.include"] = (["true", "false"], true),
    };

    private static readonly Dictionary<string, (int Min, int Max)> Numbers = new(StringComparer.Ordinal)
    {
        ["sasl.kerberos.min.time.before.relogin"] = (0, 86_400_000),
        ["sasl.oauthbearer.assertion.claim.exp.seconds"] = (1, int.MaxValue),
        ["sasl.oauthbearer.assertion.claim.nbf.seconds"] = (0, int.MaxValue),
    };

    /// <summary>Properties naming a local file, which must exist (<c>ssl.ca.location</c> may also be <c>probe</c>).</summary>
    private static readonly HashSet<string> Files = new(StringComparer.Ordinal)
    {
        "ssl.key.location", "ssl.certificate.location", "ssl.ca.location", "ssl.crl.location", "ssl.keystore.location",
        "sasl.kerberos.keytab", "sasl.oauthbearer.assertion.file", "sasl.oauthbearer.assertion.private.key.file",
        "sasl.oauthbearer.assertion.jwt.template.file",
    };

    /// <summary>Every other property librdkafka (as shipped with Confluent.Kafka) knows under security, sasl.* and ssl.*.</summary>
    private static readonly HashSet<string> Free = new(StringComparer.Ordinal)
    {
        "sasl.username", "sasl.password", "sasl.kerberos.service.name", "sasl.kerberos.principal", "sasl.kerberos.kinit.cmd",
        "sasl.oauthbearer.config", "sasl.oauthbearer.client.id", "sasl.oauthbearer.client.secret", "sasl.oauthbearer.scope",
        "sasl.oauthbearer.extensions", "sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.sub.claim.name",
        "sasl.oauthbearer.assertion.claim.aud", "sasl.oauthbearer.assertion.claim.iss", "sasl.oauthbearer.assertion.claim.sub",
        "sasl.oauthbearer.assertion.private.key.passphrase", "sasl.oauthbearer.assertion.private.key.pem",
        "ssl.key.password", "ssl.key.pem", "ssl.certificate.pem", "ssl.ca.pem", "ssl.ca.certificate.stores", "ssl.cipher.suites",
        "ssl.curves.list", "ssl.sigalgs.list", "ssl.keystore.password", "ssl.providers", "ssl.engine.id", "ssl.engine.location",
    };

    public static bool IsKnown(string key) => Choices.ContainsKey(key) || Numbers.ContainsKey(key) || Files.Contains(key) || Free.Contains(key);

    /// <returns>Why <paramref name="value"/> is not acceptable for <paramref name="key"/>, without quoting it; null when it is.</returns>
    public static string? CheckValue(string key, string value)
    {
        if (value.Length == 0)
        {
            return "must not be empty";
        }

        if (Choices.TryGetValue(key, out var choice))
        {
            var comparison = choice.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return choice.Values.Any(v => string.Equals(v, value, comparison)) ? null : $"is not one of {string.Join(", ", choice.Values)}";
        }

        if (Numbers.TryGetValue(key, out var range))
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= range.Min && n <= range.Max
                ? null
                : $"must be a whole number from {range.Min} to {range.Max}";
        }

        if (Files.Contains(key) && !(key == "ssl.ca.location" && value == "probe") && !File.Exists(value))
        {
            return "names a file that does not exist or cannot be read";
        }

        return null;
    }

    /// <returns>Problems between properties, each with the property it concerns.</returns>
    public static IEnumerable<(string Key, string Problem)> CheckTogether(IReadOnlyDictionary<string, string> properties)
    {
        var protocol = properties.TryGetValue("security.protocol", out var p) ? p.ToUpperInvariant() : "PLAINTEXT";
        var sasl = protocol.StartsWith("SASL_", StringComparison.Ordinal);
        var mechanism = properties.TryGetValue("sasl.mechanism", out var m) || properties.TryGetValue("sasl.mechanisms", out m) ? m : "GSSAPI";
        if (!sasl && properties.Keys.Any(k => k.StartsWith("sasl.", StringComparison.Ordinal)))
        {
            yield return ("security.protocol", "sasl.* properties are set but the protocol is not SASL_PLAINTEXT or SASL_SSL; they would be ignored");
        }

        if (sasl && mechanism is "PLAIN" or "SCRAM-SHA-256" or "SCRAM-SHA-512")
        {
            foreach (var needed in new[] { "sasl.username", "sasl.password" })
            {
                if (!properties.ContainsKey(needed))
                {
                    yield return (needed, $"is required with sasl.mechanism {mechanism}");
                }
            }
        }

        if (properties.ContainsKey("sasl.mechanism") && properties.ContainsKey("sasl.mechanisms"))
        {
            yield return ("sasl.mechanisms", "is the same property as sasl.mechanism; give one");
        }
    }
}
