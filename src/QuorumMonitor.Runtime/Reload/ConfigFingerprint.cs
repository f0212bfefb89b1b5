using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>
/// A config object's content as text, to tell whether a section or a cluster changed between two loads. Records
/// holding lists do not compare by content, so the comparison goes through JSON. Secrets are written as a digest:
/// a changed token or routing key counts as a change, and the fingerprint never holds the secret itself.
/// </summary>
public static class ConfigFingerprint
{
    private static readonly JsonSerializerOptions Options = Create();

    /// <summary>The content as text; null when it cannot be written (then it never counts as unchanged).</summary>
    public static string? Of(object? value)
    {
        if (value is null)
        {
            return "null";
        }

        try
        {
            return JsonSerializer.Serialize(value, value.GetType(), Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether two loads of a config object have the same content; unknown counts as different, never missing a change.</summary>
    public static bool Same(object? before, object? after) => Of(before) is { } b && Of(after) is { } a && a == b;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions { ReferenceHandler = ReferenceHandler.IgnoreCycles, MaxDepth = 64 };
        options.Converters.Add(new SecretDigest());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class SecretDigest : JsonConverter<Secret>
    {
        public override Secret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("fingerprints are written, never read");

        public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value.Reveal()))));
    }
}
