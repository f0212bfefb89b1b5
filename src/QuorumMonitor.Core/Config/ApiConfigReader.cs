using System.Text.RegularExpressions;

namespace QuorumMonitor.Core.Config;

/// <summary>
/// Reads <c>api:</c>. Each token comes from <c>tokenEnv</c> or <c>tokenFile</c> (first line), read once at start-up;
/// tokens are never written in the config itself, and no error message ever contains one.
/// </summary>
public static partial class ApiConfigReader
{
    /// <summary>Shorter tokens are guessable; the check is on length only, the content is the operator's.</summary>
    public const int MinTokenLength = 16;

    private const int MaxTokenLength = 4096;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidEnvName();

    public static ApiSettings Read(YamlSection? s, string baseDirectory)
    {
        if (s is null)
        {
            return new ApiSettings();
        }

        var tokens = new List<Secret>();
        foreach (var t in s.SectionList("tokens"))
        {
            var env = t.String("tokenEnv");
            var file = t.String("tokenFile");
            t.RejectUnknownKeys();
            if ((env is null) == (file is null))
            {
                t.Errors.Add(t.Path, t.Line, "give exactly one of tokenEnv (an environment variable) or tokenFile (a file whose first line is the token)");
                continue;
            }

            var (field, value) = env is not null ? ("tokenEnv", FromEnv(t, env)) : ("tokenFile", FromFile(t, file!, baseDirectory));
            if (value is null)
            {
                continue;
            }

            if (value.Length < MinTokenLength || value.Length > MaxTokenLength)
            {
                t.Errors.Add(t.FieldPath(field), t.Line, $"the token must be {MinTokenLength} to {MaxTokenLength} characters long (its value is not shown)");
                continue;
            }

            tokens.Add(new Secret(value));
        }

        s.RejectUnknownKeys();
        return new ApiSettings { Tokens = tokens };
    }

    private static string? FromEnv(YamlSection t, string name)
    {
        if (!ValidEnvName().IsMatch(name))
        {
            t.Errors.Add(t.FieldPath("tokenEnv"), t.Line, $"'{name}' is not an environment variable name");
            return null;
        }

        var value = Environment.GetEnvironmentVariable(name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            t.Errors.Add(t.FieldPath("tokenEnv"), t.Line, $"environment variable {name} is not set or empty");
            return null;
        }

        return value;
    }

    private static string? FromFile(YamlSection t, string path, string baseDirectory)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        try
        {
            if (new FileInfo(full) is { Exists: true, Length: > MaxTokenLength * 2 })
            {
                t.Errors.Add(t.FieldPath("tokenFile"), t.Line, $"'{full}' is too large to be a token file");
                return null;
            }

            using var reader = new StreamReader(full);
            var value = reader.ReadLine()?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                t.Errors.Add(t.FieldPath("tokenFile"), t.Line, $"'{full}' is empty; its first line must be the token");
                return null;
            }

            return value;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            t.Errors.Add(t.FieldPath("tokenFile"), t.Line, $"cannot read '{full}': {ex.GetType().Name}");
            return null;
        }
    }
}
