namespace QuorumMonitor.Core.Config;

/// <summary>
/// Reads <c>passwordEnv</c> / <c>passwordFile</c> of a section, as every kind that logs in takes them: one or the
/// other, checked at load so a typo is a config error with its line, not a failed probe at 3 a.m.
/// </summary>
public static class PasswordSourceReader
{
    /// <returns>Where the password comes from; null when the section gives neither key (or, an error recorded, both).</returns>
    public static PasswordSource? Read(YamlSection s)
    {
        var env = s.String("passwordEnv");
        var file = s.String("passwordFile");
        if (env is not null && file is not null)
        {
            s.Errors.Add(s.FieldPath("passwordFile"), YamlSection.LineOf(s.Node("passwordFile")!), "give passwordEnv or passwordFile, not both");
            return null;
        }

        if (env is not null)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(env)))
            {
                s.Errors.Add(s.FieldPath("passwordEnv"), YamlSection.LineOf(s.Node("passwordEnv")!), $"environment variable {env} is not set");
            }

            return PasswordSource.FromEnvironment(env);
        }

        if (file is not null)
        {
            if (!File.Exists(file))
            {
                s.Errors.Add(s.FieldPath("passwordFile"), YamlSection.LineOf(s.Node("passwordFile")!), $"'{file}' does not exist or cannot be read");
            }

            return PasswordSource.FromFile(file);
        }

        return null;
    }
}
