using System.Text.Json;

namespace Monitor.Core.Model;

/// <summary>The kebab-case spelling every enum value has in JSON, metrics and text output.</summary>
public static class Names
{
    public static string Kebab<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
