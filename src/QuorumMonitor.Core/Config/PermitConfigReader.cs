namespace QuorumMonitor.Core.Config;

/// <summary>Reads <c>permits:</c>; absent = the defaults (margin 0, lease 15m, at most 4h).</summary>
public static class PermitConfigReader
{
    public static PermitSettings Read(YamlSection? s)
    {
        var defaults = new PermitSettings();
        if (s is null)
        {
            return defaults;
        }

        var settings = new PermitSettings
        {
            MinFaultToleranceAfter = s.Int("minFaultToleranceAfter", 0, 10) ?? defaults.MinFaultToleranceAfter,
            DefaultTtl = s.Duration("ttl", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? defaults.DefaultTtl,
            MaxTtl = s.Duration("maxTtl", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) ?? defaults.MaxTtl,
        };
        if (settings.DefaultTtl > settings.MaxTtl)
        {
            s.Errors.Add(s.FieldPath("ttl"), s.Line, $"{Durations.Format(settings.DefaultTtl)} is longer than maxTtl ({Durations.Format(settings.MaxTtl)})");
        }

        s.RejectUnknownKeys();
        return settings;
    }
}
