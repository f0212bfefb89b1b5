using System.Globalization;

namespace QuorumMonitor.Notify.Delivery;

internal static class Timestamps
{
    /// <summary>RFC 3339 in UTC, as Alertmanager and PagerDuty parse it.</summary>
    public static string Rfc3339(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
