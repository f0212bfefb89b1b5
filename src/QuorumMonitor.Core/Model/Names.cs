using System.Text.Json;

namespace QuorumMonitor.Core.Model;

/// <summary>The kebab-case spelling every enum value has in JSON, metrics and text output.</summary>
public static class Names
{
    public static string Kebab<T>(T value) where T : struct, Enum =>
        KebabNames<T>.ByValue.TryGetValue(value, out var name) ? name : JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Computed once per enum type (immutable): names are on the hot path of every evaluation.</summary>
    private static class KebabNames<T> where T : struct, Enum
    {
        public static readonly IReadOnlyDictionary<T, string> ByValue =
            Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));
    }
}
